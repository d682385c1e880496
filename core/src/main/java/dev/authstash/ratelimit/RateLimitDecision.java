package dev.authstash.ratelimit;

/**
 * The outcome of one rate-limit check, turned into the same HTTP response by every adapter.
 *
 * @param allowed           whether the request may proceed
 * @param rule              the rule that decided
 * @param remaining         requests still allowed in the current window (0 when refused)
 * @param resetSeconds      whole seconds until the quota is fully available again, at least 0
 * @param retryAfterSeconds whole seconds to wait before a retry can succeed: at least 1 when refused, 0 when allowed
 */
public record RateLimitDecision(boolean allowed, RateLimitRule rule, long remaining, long resetSeconds,
                                long retryAfterSeconds) {

    /** The rule's {@code max}. */
    public long limit() {
        return rule.max();
    }
}
