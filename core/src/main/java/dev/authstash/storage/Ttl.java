package dev.authstash.storage;

import java.time.Duration;

/** TTL arithmetic shared by the storages. */
final class Ttl {
    private Ttl() {}

    /**
     * @return {@code ttl} in whole milliseconds rounded up, {@code 0} for {@code null} or zero (= no expiry)
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    static long millis(Duration ttl) {
        if (ttl == null || ttl.isZero()) {
            return 0;
        }
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, got " + ttl);
        }
        long ms = ttl.toMillis();
        return ttl.minusMillis(ms).isZero() ? ms : ms + 1;
    }
}
