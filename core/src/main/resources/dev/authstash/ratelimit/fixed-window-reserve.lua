-- Fixed window, rules counting only some answers (see RateLimitRule.countStatuses and FixedWindow.reserve):
-- takes a slot for one request before the handler iff count + live reservations < max. The counter is that of
-- fixed-window.lua (its PTTL is the window's time left); the reservations are a ZSET of ids scored by the end of
-- their lease (Redis server ms), pruned here, so an abandoned reservation frees its slot when its lease ends.
-- KEYS[1] counter; KEYS[2] reservations (same hash tag); ARGV[1] window ms; ARGV[2] max; ARGV[3] lease ms;
-- ARGV[4] reservation id.
-- Returns {allowed 0/1, remaining, reset ms, retry-after ms, block ms}; block ms > 0 only when the count alone
-- refuses (until the window ends); a refusal by reservations in flight is transient (block ms 0).
if redis.replicate_commands then pcall(redis.replicate_commands) end
local max = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local count = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
local ttl = 0
if count > 0 then
  ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    count = 0
    ttl = 0
  end
end
if count >= max then
  return {0, 0, ttl, ttl, ttl}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local live = redis.call('ZCARD', KEYS[2])
if count + live < max then
  redis.call('ZADD', KEYS[2], now + lease, ARGV[4])
  if redis.call('PTTL', KEYS[2]) < lease then
    redis.call('PEXPIRE', KEYS[2], lease)
  end
  return {1, max - count - live - 1, ttl, 0, 0}
end
return {0, 0, ttl, 1000, 0}
