-- Lists the blocked keys of the index (see blocked-index.lua), latest-ending first, dropping ended ones.
-- KEYS[1] the index; ARGV[1] most entries. Returns {server now ms, {member, score, member, score, ...}}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return {now, redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', '(' .. now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))}
