-- Removes a counter and the reservations on it in one step (unlock, password reset).
-- KEYS[1] counter (any algorithm); KEYS[2] its reservations (fixed-window rules counting only some answers).
-- Returns the number of keys removed.
return redis.call('DEL', KEYS[1], KEYS[2])
