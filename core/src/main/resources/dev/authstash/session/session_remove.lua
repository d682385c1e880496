-- Removes one session and its index entries; leaves a tombstone that blocks read-through repopulation. The index
-- (and the creation order) then live as long as the user's longest remaining session, as after a create.
-- KEYS[1] session key, KEYS[2] user index, KEYS[3] tombstone, KEYS[4] creation order;
-- ARGV[1] token hash, ARGV[2] tombstone TTL ms (0 = none), ARGV[3] now (epoch ms, the clock of the index's scores).
-- Returns 1 when a stored session was removed, else 0.
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[2]) end
local top = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
if top[2] then
  local keep = math.max(1, tonumber(top[2]) - tonumber(ARGV[3]))
  redis.call('PEXPIRE', KEYS[2], keep)
  if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('PEXPIRE', KEYS[4], keep) end
end
return removed
