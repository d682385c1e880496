package dev.authstash.ratelimit;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one rule for one key, read without counting ({@code Authstash.rateLimitState}): the rule's id and
 * limit ({@code max} per window), the key's hash (as in {@link BlockedKey}), the requests it has left now, when its
 * quota is whole again ({@code reset}, now when nothing is counted) and, while the rule refuses it, until when
 * ({@code blockedUntil}, else null). Times by this instance's clock.
 */
public record RateLimitState(String rule, String keyHash, long limit, long remaining, Instant reset,
                             Instant blockedUntil) {
    public RateLimitState {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(reset, "reset");
    }

    /** Whether the rule refuses the key now. */
    public boolean blocked() {
        return blockedUntil != null;
    }
}
