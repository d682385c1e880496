-- Token bucket as GCRA in microseconds (see TokenBucket.java). KEYS[1] holds the TAT (epoch µs, Redis server
-- TIME); its TTL is the time until the bucket is full again. A refused request writes nothing.
-- KEYS[1] tat; ARGV[1] window ms; ARGV[2] max.
-- Returns {allowed 0/1, remaining, reset ms, retry-after ms}.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local key = KEYS[1]
local window_us = tonumber(ARGV[1]) * 1000
local max = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = math.max(1, math.floor(window_us / max))
local capacity = interval * max
local base = tonumber(redis.call('GET', key) or '') or now
if base < now then base = now end
local tat = base + interval
if tat - now <= capacity then
  local reset = math.ceil((tat - now) / 1000)
  redis.call('SET', key, string.format('%.0f', tat), 'PX', math.max(1, reset))
  return {1, math.floor((capacity - (tat - now)) / interval), reset, 0}
end
return {0, 0, math.ceil((base - now) / 1000), math.ceil((tat - now - capacity) / 1000)}
