-- Removes one session and its index entries; leaves a tombstone that blocks read-through repopulation.
-- KEYS[1] session key, KEYS[2] user index, KEYS[3] tombstone, KEYS[4] creation order;
-- ARGV[1] token hash, ARGV[2] tombstone TTL ms (0 = none). Returns 1 when a stored session was removed, else 0.
local removed = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[2]) end
return removed
