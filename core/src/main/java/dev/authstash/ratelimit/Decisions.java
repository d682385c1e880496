package dev.authstash.ratelimit;

/** Turns millisecond figures into a {@link RateLimitDecision}: whole seconds, rounded up, bounds applied. */
final class Decisions {
    private Decisions() {}

    /**
     * @param remaining requests still allowed, clamped to at least 0
     * @param resetMs   ms until the quota is fully available again
     * @param retryMs   ms until a retry can succeed (ignored when allowed); reported as 1..window seconds
     */
    static RateLimitDecision of(RateLimitRule rule, boolean allowed, long remaining, long resetMs, long retryMs) {
        long reset = Math.max(0, ceilSeconds(resetMs));
        if (allowed) {
            return new RateLimitDecision(true, rule, Math.max(0, remaining), reset, 0);
        }
        long retry = Math.min(rule.windowSeconds(), Math.max(1, ceilSeconds(retryMs)));
        return new RateLimitDecision(false, rule, 0, reset, retry);
    }

    static long ceilSeconds(long ms) {
        return Math.floorDiv(ms + 999, 1000);
    }

    static long windowMs(RateLimitRule rule) {
        return Math.multiplyExact(rule.windowSeconds(), 1000L);
    }
}
