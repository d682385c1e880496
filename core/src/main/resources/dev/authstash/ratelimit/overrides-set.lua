-- Sets (or removes: ARGV[2] '') the rate-limit rule overrides if their version is still ARGV[1] (compare-and-set:
-- two operators at once, one wins, none lost). KEYS[1] the overrides hash ({rv}:rules, the feed's hash tag, so
-- every poll reads its version); ARGV[2] customRules JSON, ARGV[3] who, ARGV[4] when (epoch ms).
-- Returns {1, new version} or {0, current version}.
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0') or 0
if v ~= tonumber(ARGV[1]) then
  return {0, v}
end
v = v + 1
redis.call('HSET', KEYS[1], 'v', v, 'rules', ARGV[2], 'by', ARGV[3], 'at', ARGV[4])
return {1, v}
