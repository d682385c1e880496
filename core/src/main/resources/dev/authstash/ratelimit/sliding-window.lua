-- Sliding window, weighted two-window approximation (see SlidingWindow.java for the exact rules).
-- One hash per client: w = current window number (server ms / W), c = its count, p = previous window's count.
-- KEYS[1] hash; ARGV[1] window ms (W); ARGV[2] max. Time = Redis server TIME.
-- Returns {allowed 0/1, remaining, reset ms, retry-after ms}.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local key = KEYS[1]
local w = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local index = math.floor(now / w)
local s = redis.call('HMGET', key, 'w', 'c', 'p')
local sw = tonumber(s[1])
local prev, cur = 0, 0
if sw ~= nil and sw >= index then
  index = sw
  cur = tonumber(s[2]) or 0
  prev = tonumber(s[3]) or 0
elseif sw ~= nil and sw == index - 1 then
  prev = tonumber(s[2]) or 0
end
local elapsed = math.max(0, now - index * w)
local to_end = w - elapsed
local budget = max * w - prev * to_end
if (cur + 1) * w <= budget then
  redis.call('HSET', key, 'w', string.format('%.0f', index), 'c', cur + 1, 'p', prev)
  redis.call('PEXPIRE', key, w + to_end)
  return {1, math.floor((budget - (cur + 1) * w) / w), w + to_end, 0}
end
local reset = 0
if cur > 0 then reset = w + to_end elseif prev > 0 then reset = to_end end
local retry = -1
if prev > 0 and cur + 1 <= max then
  local d = math.ceil((prev * to_end - (max - cur - 1) * w) / prev)
  if d < to_end then retry = math.max(1, d) end
end
if retry < 0 then
  local into_next = 0
  if cur > 0 then into_next = math.max(0, math.ceil(w * (cur - max + 1) / cur)) end
  retry = to_end + into_next
end
return {0, 0, reset, retry}
