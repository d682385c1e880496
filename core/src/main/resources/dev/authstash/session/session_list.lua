-- Prunes expired index entries and returns the JSON of every live session of a user. Every key the script touches
-- is declared (Redis', Valkey's and Dragonfly's scripting rules; all share the user's hash tag): the caller names
-- the sessions it expects, and when the index holds a member it did not name the script reads nothing and
-- returns the members, for the caller to run it again with them.
-- KEYS[1] user index, KEYS[i] (i >= 2) session key of member ARGV[i]; ARGV[1] now (epoch ms).
-- Returns {1, {json...}} or {0, {member...}} (members not all named).
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local at = {}
for i = 2, #ARGV do at[ARGV[i]] = i end
for _, m in ipairs(members) do
  if not at[m] then return {0, members} end
end
local out = {}
for _, m in ipairs(members) do
  local v = redis.call('GET', KEYS[at[m]])
  if v then out[#out + 1] = v end
end
return {1, out}
