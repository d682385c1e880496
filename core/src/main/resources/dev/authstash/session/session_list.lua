-- Prunes expired index entries and returns the JSON of every live session of a user.
-- KEYS[1] user index, KEYS[2] key base '<prefix>{u:<tag>}:'; ARGV[1] now (epoch ms)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local out = {}
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local v = redis.call('GET', KEYS[2] .. 's:' .. m)
  if v then out[#out + 1] = v end
end
return out
