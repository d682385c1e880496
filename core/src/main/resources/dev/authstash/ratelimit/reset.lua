-- Removes a counter and the reservations on it in one step (unlock, password reset, an operator's reset).
-- KEYS[1] counter (any algorithm); KEYS[2] its reservations (fixed-window rules counting only some answers);
-- KEYS[3] (outside Redis Cluster) the index of blocked keys, ARGV[1] the key's member there.
-- Returns the number of keys removed.
if KEYS[3] then redis.call('ZREM', KEYS[3], ARGV[1]) end
return redis.call('DEL', KEYS[1], KEYS[2])
