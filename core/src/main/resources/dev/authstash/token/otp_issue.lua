-- Issues an OTP (see OneTimeTokens.issueOtp), counting the send against the identifier's send limit in the same
-- step. All keys share the hash tag {<SHA-256 of the identifier>} (Redis Cluster safe).
-- KEYS[1] code hash, KEYS[2] tries of the code, KEYS[3] sends in the send window.
-- ARGV[1] HMAC of the new code, ARGV[2] code lifetime ms, ARGV[3] send limit, ARGV[4] send window ms.
-- Returns {1, 0} issued, or {0, ms until the send window ends} refused (nothing written but the count).
local sends = redis.call('INCR', KEYS[3])
local ttl = redis.call('PTTL', KEYS[3])
if sends == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
  ttl = tonumber(ARGV[4])
end
if sends > tonumber(ARGV[3]) then
  return {0, ttl}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], '0', 'PX', ARGV[2])
return {1, 0}
