-- Removes one key from the index of blocked keys (a reset, in Redis Cluster). KEYS[1] the index; ARGV[1] member.
return redis.call('ZREM', KEYS[1], ARGV[1])
