package dev.authstash.ratelimit;

import java.util.List;
import java.util.Objects;

/**
 * Rate-limit options. JSON: {@code rateLimit}.
 *
 * @param enabled        whether requests are limited at all, default {@code true}
 * @param windowSeconds  window of the global rule in seconds, default 10
 * @param max            requests per window of the global rule, default 100
 * @param algorithm      default algorithm, default {@link Algorithm#FIXED_WINDOW}
 * @param useSecondaryStorage {@code true} ({@code "storage": "secondary-storage"}, default) keeps counters in the
 *                       secondary storage; {@code false} ({@code "memory"}) keeps them in this process
 * @param customRules    route rules in declaration order
 * @param onStorageError policy when the store fails, default {@link OnStorageError#LOCAL}
 * @param limitPreflight whether CORS preflight ({@code OPTIONS}) requests count, default {@code false}
 * @param allow          IPs/CIDRs never limited (health checkers, office NAT), default none
 * @param deny           IPs/CIDRs refused with 403 on every request the rate-limit filter sees, default none
 * @param defaultRules   whether Better Auth's default rules apply to paths no custom rule names (sign-in, sign-up,
 *                       change-password, change-email 3 per 10 s; password reset, verification e-mail and
 *                       email-OTP endpoints 3 per 60 s), default {@code true}
 * @param blockCache     whether a key refused by Redis is refused locally until its retry time without a storage
 *                       call, default {@code true} (used with Redis only)
 */
public record RateLimitSettings(boolean enabled, long windowSeconds, long max, Algorithm algorithm,
                                boolean useSecondaryStorage, List<CustomRule> customRules,
                                OnStorageError onStorageError, boolean limitPreflight, List<String> allow,
                                List<String> deny, boolean defaultRules, boolean blockCache) {

    public static final String GLOBAL_RULE_ID = "default";

    public RateLimitSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(onStorageError, "onStorageError");
        customRules = List.copyOf(customRules == null ? List.of() : customRules);
        allow = List.copyOf(allow == null ? List.of() : allow);
        deny = List.copyOf(deny == null ? List.of() : deny);
    }

    /**
     * The options that existed before allow/deny lists, default rules and the block cache: none of the first
     * three (Better Auth's default rules off, so code written against it keeps its limits), block cache on.
     */
    public RateLimitSettings(boolean enabled, long windowSeconds, long max, Algorithm algorithm,
                             boolean useSecondaryStorage, List<CustomRule> customRules, OnStorageError onStorageError,
                             boolean limitPreflight) {
        this(enabled, windowSeconds, max, algorithm, useSecondaryStorage, customRules, onStorageError, limitPreflight,
                List.of(), List.of(), false, true);
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, 10, 100, Algorithm.FIXED_WINDOW, true, List.of(), OnStorageError.LOCAL,
                false, List.of(), List.of(), true, true);
    }

    /** The global rule, applied to paths under the base path that no custom rule matches. */
    public RateLimitRule globalRule() {
        return new RateLimitRule(GLOBAL_RULE_ID, windowSeconds, max, algorithm);
    }
}
