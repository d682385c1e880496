-- Fixed window (see FixedWindow.java). The window opens at the first request; the key's TTL is the time
-- left in the window (Redis server clock). A refused request writes nothing.
-- KEYS[1] counter; ARGV[1] window ms; ARGV[2] max.
-- Returns {allowed 0/1, remaining, reset ms, retry-after ms}.
local key = KEYS[1]
local window = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local count = tonumber(redis.call('GET', key) or '0') or 0
local ttl = -2
if count > 0 then
  ttl = redis.call('PTTL', key)
end
if count <= 0 or ttl < 0 then
  redis.call('SET', key, 1, 'PX', window)
  return {1, max - 1, window, 0}
end
if count < max then
  redis.call('INCR', key)
  return {1, max - count - 1, ttl, 0}
end
return {0, 0, ttl, ttl}
