-- Removes every session of a user but one, and the index entries, in one step.
-- All keys share the user's hash tag: KEYS[2] is the tag prefix '<prefix>{u:<tag>}:' to which 's:'/'r:' + hash
-- or 'g' is appended.
-- KEYS[1] user index, KEYS[2] key base; ARGV[1] token hash to keep ('' = none), ARGV[2] tombstone TTL ms (0 = none),
-- ARGV[3] new revoke-all generation ('' = none): a read-through that began before this script cannot cache its row
local tomb = tonumber(ARGV[2])
if ARGV[3] ~= '' and tomb > 0 then redis.call('SET', KEYS[2] .. 'g', ARGV[3], 'PX', tomb) end
local removed = {}
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if m ~= ARGV[1] then
    redis.call('DEL', KEYS[2] .. 's:' .. m)
    redis.call('ZREM', KEYS[1], m)
    redis.call('ZREM', KEYS[2] .. 'c', m)
    if tomb > 0 then redis.call('SET', KEYS[2] .. 'r:' .. m, '1', 'PX', tomb) end
    removed[#removed + 1] = m
  end
end
return removed
