-- Checks an OTP (see OneTimeTokens.verifyOtp): the code's own tries and the identifier's guess budget (wrong
-- guesses across codes, per purpose) change in this one step, so no interleaving can exceed either.
-- All keys share the hash tag {<SHA-256 of the identifier>} (Redis Cluster safe).
-- KEYS[1] code hash, KEYS[2] tries of the code, KEYS[3] wrong guesses in the budget window.
-- ARGV[1] allowed tries per code, ARGV[2] guess budget, ARGV[3] budget window ms,
-- ARGV[4..] HMAC of the presented code under each configured key (rotation).
-- Returns {result, ms}: 1 verified (code consumed), 0 wrong (counted), 2 code void (its tries used),
-- 3 budget spent (ms until the budget window ends; nothing compared), 4 no live code.
local budget = tonumber(ARGV[2])
local spent = tonumber(redis.call('GET', KEYS[3]) or '0') or budget
if spent >= budget then
  local left = redis.call('PTTL', KEYS[3])
  if left < 0 then
    redis.call('PEXPIRE', KEYS[3], ARGV[3])
    left = tonumber(ARGV[3])
  end
  return {3, left}
end
local allowed = tonumber(ARGV[1])
local stored = redis.call('GET', KEYS[1])
if not stored then
  local used = tonumber(redis.call('GET', KEYS[2]) or '0') or allowed
  if used >= allowed then
    return {2, 0}
  end
  return {4, 0}
end
local tries = redis.call('INCR', KEYS[2])
if tries == 1 and redis.call('PTTL', KEYS[2]) < 0 then
  redis.call('PEXPIRE', KEYS[2], math.max(1, redis.call('PTTL', KEYS[1])))
end
if tries > allowed then
  redis.call('DEL', KEYS[1])
  return {2, 0}
end
for i = 4, #ARGV do
  if ARGV[i] == stored then
    redis.call('DEL', KEYS[1])
    return {1, 0}
  end
end
local wrong = redis.call('INCR', KEYS[3])
if wrong == 1 or redis.call('PTTL', KEYS[3]) < 0 then
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
if tries >= allowed then
  redis.call('DEL', KEYS[1])
end
return {0, 0}
