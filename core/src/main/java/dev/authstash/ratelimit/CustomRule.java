package dev.authstash.ratelimit;

import java.util.Objects;

/**
 * A rule bound to a route glob. JSON: one entry of {@code rateLimit.customRules}.
 *
 * @param glob the route glob relative to the base path, e.g. {@code /email-otp/*}
 * @param rule the limit, or {@code null} when the route is never limited ({@code false} in JSON)
 */
public record CustomRule(String glob, RateLimitRule rule) {
    public CustomRule {
        Objects.requireNonNull(glob, "glob");
    }

    /** Whether requests on this route are limited at all. */
    public boolean limited() {
        return rule != null;
    }
}
