-- Removes every session of a user but one, and the index entries, in one step. Every key touched is declared (same
-- hash tag): when the index holds a member the caller did not name, nothing is removed and the script returns the
-- members, for the caller to run it again with them.
-- KEYS[1] user index, KEYS[2] the user's revoke-all generation, KEYS[3] creation order; for member ARGV[3 + j]
-- (j >= 1) KEYS[2 + 2j] its session key and KEYS[3 + 2j] its tombstone.
-- ARGV[1] token hash to keep ('' = none), ARGV[2] tombstone TTL ms (0 = none), ARGV[3] new revoke-all generation
-- ('' = none): a read-through that began before this script cannot cache its row.
-- Returns {1, {removed...}} or {0, {member...}} (members not all named; nothing removed).
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local at = {}
for i = 4, #ARGV do at[ARGV[i]] = 2 * (i - 3) + 2 end
for _, m in ipairs(members) do
  if m ~= ARGV[1] and not at[m] then return {0, members} end
end
local tomb = tonumber(ARGV[2])
if ARGV[3] ~= '' and tomb > 0 then redis.call('SET', KEYS[2], ARGV[3], 'PX', tomb) end
local removed = {}
for _, m in ipairs(members) do
  if m ~= ARGV[1] then
    local k = at[m]
    redis.call('DEL', KEYS[k])
    redis.call('ZREM', KEYS[1], m)
    redis.call('ZREM', KEYS[3], m)
    if tomb > 0 then redis.call('SET', KEYS[k + 1], '1', 'PX', tomb) end
    removed[#removed + 1] = m
  end
end
return {1, removed}
