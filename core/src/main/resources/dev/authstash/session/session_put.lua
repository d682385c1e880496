-- Stores a session and adds it to its user's index, atomically.
-- KEYS[1] session key, KEYS[2] user index (sorted set: token hash -> expiry ms), KEYS[3] revocation tombstone,
-- KEYS[4] the user's revoke-all generation
-- ARGV[1] session JSON, ARGV[2] token hash, ARGV[3] expiry (epoch ms), ARGV[4] now (epoch ms),
-- ARGV[5] mode: 'c' create, 'u' refresh (only while the key exists, so a revoked session is never extended),
-- 'p' repopulate (only without tombstone and while the generation still equals ARGV[6], '' = none: no revoke-all
-- ran since the row was read from the database)
local now = tonumber(ARGV[4])
local ttl = tonumber(ARGV[3]) - now
if ttl <= 0 then return 0 end
if ARGV[5] == 'u' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[5] == 'p' then
  if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
  if (redis.call('GET', KEYS[4]) or '') ~= ARGV[6] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local top = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[2], math.max(1, tonumber(top[2]) - now))
return 1
