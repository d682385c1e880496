-- Fixed window, rules counting only some answers (see FixedWindow.settle): settles a reservation of
-- fixed-window-reserve.lua once the application answered. ARGV[4] '0' releases the slot; '1' turns the
-- reservation into a count (the window opens, PX window, with the first count). A reservation no longer held
-- (lease ended, counter reset) still counts while count + live reservations < max: never past max.
-- KEYS[1] counter; KEYS[2] reservations (same hash tag); ARGV[1] window ms; ARGV[2] max; ARGV[3] reservation id;
-- ARGV[4] '1' = count, '0' = release.
-- Returns 1 when counted, else 0.
if redis.replicate_commands then pcall(redis.replicate_commands) end
local held = redis.call('ZREM', KEYS[2], ARGV[3])
if ARGV[4] ~= '1' then
  return 0
end
local window = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local count = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if count > 0 and redis.call('PTTL', KEYS[1]) < 0 then
  count = 0
end
if held == 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if count + redis.call('ZCARD', KEYS[2]) >= max then
    return 0
  end
end
if count >= max then
  return 0
end
if count <= 0 then
  redis.call('SET', KEYS[1], 1, 'PX', window)
else
  redis.call('INCR', KEYS[1])
end
return 1
