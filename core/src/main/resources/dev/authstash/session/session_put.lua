-- Stores a session and adds it to its user's index, atomically.
-- KEYS[1] session key, KEYS[2] user index (sorted set: token hash -> expiry ms), KEYS[3] revocation tombstone,
-- KEYS[4] the user's revoke-all generation, KEYS[5] creation order (sorted set: token hash -> created ms * 1000, ties broken by create order),
-- KEYS[4 + 2j] and KEYS[5 + 2j] (j >= 1) the session key and tombstone of eviction candidate ARGV[9 + j] (same hash
-- tag): every key the script touches is declared (Redis', Valkey's and Dragonfly's scripting rules). When a create
-- must evict a session the caller did not name, the script writes nothing and returns {2, member...}, every indexed
-- session, for the caller to run it again naming them.
-- ARGV[1] session JSON, ARGV[2] token hash, ARGV[3] expiry (epoch ms), ARGV[4] now (epoch ms),
-- ARGV[5] mode: 'c' create, 'u' refresh (only while the key exists, so a revoked session is never extended),
-- 'p' repopulate (only without tombstone and while the generation still equals ARGV[6], '' = none: no revoke-all
-- ran since the row was read from the database)
-- ARGV[7] created (epoch ms), ARGV[8] most live sessions per user (create: the oldest others are evicted),
-- ARGV[9] tombstone TTL ms for evicted sessions (0 = none)
-- Returns 0 (condition failed), {1, evicted hash...} or {2, member...} (eviction candidates not all named).
local now = tonumber(ARGV[4])
local ttl = tonumber(ARGV[3]) - now
if ttl <= 0 then return 0 end
if ARGV[5] == 'u' and redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[5] == 'p' then
  if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
  if (redis.call('GET', KEYS[4]) or '') ~= ARGV[6] then return 0 end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
-- a create beyond ARGV[8] live sessions evicts the oldest others, by creation order (the new session always stays;
-- entries no longer indexed, expired or revoked, are dropped), then, for sessions indexed without a creation entry
-- (stored before maximumSessions existed), earliest expiry first; chosen before anything is written
local evict, stale = {}, {}
if ARGV[5] == 'c' then
  local max = tonumber(ARGV[8])
  local n = redis.call('ZCARD', KEYS[2])
  if not redis.call('ZSCORE', KEYS[2], ARGV[2]) then n = n + 1 end
  if n > max then
    local chosen = {}
    local at = 0
    while n > max do
      local page = redis.call('ZRANGE', KEYS[5], at, at + 63)
      if #page == 0 then break end
      at = at + #page
      for _, m in ipairs(page) do
        if n <= max then break end
        if m ~= ARGV[2] then
          if redis.call('ZSCORE', KEYS[2], m) then
            evict[#evict + 1] = m
            chosen[m] = true
            n = n - 1
          else
            stale[#stale + 1] = m
          end
        end
      end
    end
    if n > max then
      for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
        if n <= max then break end
        if m ~= ARGV[2] and not chosen[m] then
          evict[#evict + 1] = m
          n = n - 1
        end
      end
    end
  end
end
local named = {}
for i = 10, #ARGV do named[ARGV[i]] = 2 * (i - 9) + 4 end
for _, m in ipairs(evict) do
  if not named[m] then
    -- every indexed member, not only those chosen: creates racing this one add newer members, so the next run,
    -- naming these, finds its candidates among them
    local need = {2}
    for _, e in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do need[#need + 1] = e end
    return need
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
local out = {1}
-- creation order: created ms * 1000; a create also comes after every session already there (same millisecond,
-- or another instance's clock behind), so "oldest" is the order in which the creates ran
if ARGV[5] ~= 'u' then
  local score = tonumber(ARGV[7]) * 1000
  if ARGV[5] == 'c' then
    local last = redis.call('ZRANGE', KEYS[5], -1, -1, 'WITHSCORES')
    if last[2] and tonumber(last[2]) >= score then score = tonumber(last[2]) + 1 end
  end
  redis.call('ZADD', KEYS[5], string.format('%.0f', score), ARGV[2])
end
if ARGV[5] == 'c' then
  local tomb = tonumber(ARGV[9])
  for _, m in ipairs(stale) do redis.call('ZREM', KEYS[5], m) end
  for _, m in ipairs(evict) do
    local k = named[m]
    redis.call('DEL', KEYS[k])
    redis.call('ZREM', KEYS[2], m)
    redis.call('ZREM', KEYS[5], m)
    if tomb > 0 then redis.call('SET', KEYS[k + 1], '1', 'PX', tomb) end
    out[#out + 1] = m
  end
  -- keep the creation set near the index: drop members that are no longer indexed once it is twice as large
  local n = redis.call('ZCARD', KEYS[2])
  local c = redis.call('ZCARD', KEYS[5])
  if c > 2 * n + 16 then
    for _, m in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1)) do
      if not redis.call('ZSCORE', KEYS[2], m) then redis.call('ZREM', KEYS[5], m) end
    end
  end
end
local top = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
local keep = math.max(1, tonumber(top[2]) - now)
redis.call('PEXPIRE', KEYS[2], keep)
if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('PEXPIRE', KEYS[5], keep) end
return out
