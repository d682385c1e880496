package dev.authstash.ratelimit;

import java.util.Objects;

/**
 * One rate-limit rule: at most {@code max} requests per {@code windowSeconds} for one client.
 *
 * @param id            stable name of the rule, part of counter keys and of the {@code RateLimit-Policy}
 *                      header: the route glob for a custom rule, {@code "default"} for the global rule
 * @param windowSeconds window length in seconds, at least 1
 * @param max           requests allowed per window, at least 1
 * @param algorithm     how requests are counted
 */
public record RateLimitRule(String id, long windowSeconds, long max, Algorithm algorithm) {

    public RateLimitRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(algorithm, "algorithm");
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("window must be a positive integer (seconds), got " + windowSeconds);
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be a positive integer, got " + max);
        }
    }
}
