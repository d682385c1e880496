-- Changes the attributes of every live session of a user in one step, keeping each key's TTL (KEEPTTL, Redis 6.0+).
-- Only keys that still exist are rewritten: a revoked (deleted) session is never brought back. Every key touched is
-- declared (same hash tag): when the index holds a member the caller did not name, nothing changes and the script
-- returns the members, for the caller to run it again with them.
-- KEYS[1] user index, KEYS[2] the user's generation, KEYS[i] (i >= 3) session key of member ARGV[i + 4];
-- ARGV[1] JSON object of attributes to set, ARGV[2] JSON array of attribute names to remove, ARGV[3] now (epoch
-- ms), ARGV[4] most attributes per session, ARGV[5] new generation ('' = none), ARGV[6] its TTL ms: read-throughs
-- in flight then do not cache old attributes.
-- Returns the number of sessions changed, -n (nothing changed) when a session would hold n > ARGV[4] attributes,
-- or {member...} (members not all named; nothing changed).
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local at = {}
for i = 7, #ARGV do at[ARGV[i]] = i - 4 end
for _, m in ipairs(members) do
  if not at[m] then return members end
end
local set = cjson.decode(ARGV[1])
local drop = cjson.decode(ARGV[2])
local max = tonumber(ARGV[4])
local out = {}
for _, m in ipairs(members) do
  local key = KEYS[at[m]]
  local v = redis.call('GET', key)
  if v then
    local s = cjson.decode(v)
    local a = s.attributes
    if type(a) ~= 'table' then a = {} end
    for k, x in pairs(set) do a[k] = x end
    for _, k in ipairs(drop) do a[k] = nil end
    local n = 0
    for _ in pairs(a) do n = n + 1 end
    if n > max then return -n end
    s.attributes = a
    out[#out + 1] = key
    out[#out + 1] = cjson.encode(s)
  end
end
if ARGV[5] ~= '' then redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6]) end
for i = 1, #out, 2 do redis.call('SET', out[i], out[i + 1], 'KEEPTTL') end
return #out / 2
