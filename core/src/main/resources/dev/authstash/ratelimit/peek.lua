-- The state of a counter without counting: runs the decision script (appended as the function decide) on a copy of
-- the counter and its reservations (COPY, Redis 6.2+; same hash tag), then deletes the copy.
-- KEYS[1] counter, KEYS[2] reservations, KEYS[3] and KEYS[4] their copies; ARGV as the decision script.
-- Returns {-1} when neither exists (nothing counted), else the decision script's reply.
if redis.replicate_commands then pcall(redis.replicate_commands) end
if redis.call('EXISTS', KEYS[1], KEYS[2]) == 0 then
  return {-1}
end
redis.call('DEL', KEYS[3], KEYS[4])
redis.call('COPY', KEYS[1], KEYS[3])
redis.call('COPY', KEYS[2], KEYS[4])
local copy1, copy2 = KEYS[3], KEYS[4]
KEYS[1] = copy1
KEYS[2] = copy2
local r = decide()
redis.call('DEL', copy1, copy2)
return r
