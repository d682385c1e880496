-- Reads the operations feed (revocations, rate-limit resets) after the last entry an instance has seen, and the
-- version of the rule overrides, in one call.
-- KEYS[1] the stream; KEYS[2] (optional) the rule-overrides hash (same hash tag); ARGV[1] last id seen ('' = first
-- read: from the server's now minus ARGV[2] ms), ARGV[3] most entries returned.
-- Returns {entries, id of the stream's first entry or '', id of its last entry or '', its length,
-- the overrides' version or ''}.
local start
if ARGV[1] == '' then
  local t = redis.call('TIME')
  local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[2])
  start = string.format('%.0f', math.max(0, ms)) .. '-0'
else
  start = '(' .. ARGV[1]
end
local entries = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', ARGV[3])
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local version = ''
if KEYS[2] then
  version = redis.call('HGET', KEYS[2], 'v') or ''
end
return {entries, first[1] and first[1][1] or '', last[1] and last[1][1] or '', redis.call('XLEN', KEYS[1]), version}
