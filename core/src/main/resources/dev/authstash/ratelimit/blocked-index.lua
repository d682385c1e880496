-- The bounded index of blocked keys ({rl}:blocked, a ZSET: member '<22-char key hash> <rule id>', score = end of the
-- block, Redis server ms). Appended to every decision script outside Redis Cluster (the index is then the script's
-- last key; its arguments the last two), and run alone after a refusal in a cluster (another hash slot). A client
-- can fill it with keys it gets blocked: it holds at most ARGV[#ARGV] entries, those ending soonest dropped first.
local function blocked_index(block)
  local ix = KEYS[#KEYS]
  local cap = tonumber(ARGV[#ARGV])
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZADD', ix, now + block, ARGV[#ARGV - 1])
  if redis.call('ZCARD', ix) > cap then
    redis.call('ZREMRANGEBYSCORE', ix, '-inf', now)
    local c = redis.call('ZCARD', ix)
    if c > cap then redis.call('ZREMRANGEBYRANK', ix, 0, c - cap - 1) end
  end
  if redis.call('PTTL', ix) < block then redis.call('PEXPIRE', ix, block) end
end
