package dev.authstash.ratelimit;

/**
 * Token bucket as GCRA, in microseconds: emission interval {@code T = floor(window_us / max)} (at least 1 µs),
 * burst {@code max}, capacity {@code max × T ≤ window}. State = the theoretical arrival time (TAT). A request
 * at {@code now} is allowed iff {@code max(tat, now) + T − now ≤ max × T}; then {@code tat = max(tat, now) + T}.
 * Remaining = {@code floor((capacity − (tat − now)) / T)}; reset = {@code tat − now} (bucket full again);
 * retry-after of a refusal = {@code max(tat, now) + T − now − capacity} (≤ T). Mirrored by {@code token-bucket.lua}.
 */
final class TokenBucket {
    private TokenBucket() {}

    /**
     * Counts one request at {@code nowMs} into {@code c} (the caller holds its monitor; {@code t} = TAT, epoch µs)
     * and decides. A refusal leaves the state unchanged.
     */
    static RateLimitDecision step(Counter c, long nowMs, RateLimitRule rule) {
        long now = nowMs * 1000;
        long interval = Math.max(1, Decisions.windowMs(rule) * 1000 / rule.max());
        long capacity = interval * rule.max();
        long base = c.holds(Algorithm.TOKEN_BUCKET) ? Math.max(c.t, now) : now;
        long tat = base + interval;
        if (tat - now <= capacity) {
            long remaining = (capacity - (tat - now)) / interval;
            long resetMs = ceilMs(tat - now);
            c.algorithm = Algorithm.TOKEN_BUCKET;
            c.t = tat;
            c.expiresAt = nowMs + resetMs;
            return Decisions.of(rule, true, remaining, resetMs, 0);
        }
        return Decisions.of(rule, false, 0, ceilMs(base - now), ceilMs(tat - now - capacity));
    }

    private static long ceilMs(long micros) {
        return Math.floorDiv(micros + 999, 1000);
    }
}
