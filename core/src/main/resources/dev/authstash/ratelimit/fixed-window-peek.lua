-- Fixed window, read only (rules counting only some answers, see RateLimitRule.countStatuses): may one more
-- request run? Counting happens later with fixed-window.lua, once the application answered.
-- KEYS[1] counter; ARGV[1] window ms; ARGV[2] max.
-- Returns {allowed 0/1, remaining, reset ms, retry-after ms}.
local max = tonumber(ARGV[2])
local count = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if count <= 0 then
  return {1, max, 0, 0}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  return {1, max, 0, 0}
end
if count < max then
  return {1, max - count, ttl, 0}
end
return {0, 0, ttl, ttl}
