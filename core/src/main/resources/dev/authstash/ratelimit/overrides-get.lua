-- Reads the rate-limit rule overrides. KEYS[1] the overrides hash. Returns {version, rules, who, when}.
return redis.call('HMGET', KEYS[1], 'v', 'rules', 'by', 'at')
