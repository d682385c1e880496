-- Appends messages (revocations, rate-limit resets) to the operations feed every instance polls, trimmed to ARGV[1] entries.
-- KEYS[1] the stream ('<prefix>{rv}:log', its own hash tag); ARGV[1] most entries kept, ARGV[2..] messages
for i = 2, #ARGV do
  redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', 'r', ARGV[i])
end
return #ARGV - 1
