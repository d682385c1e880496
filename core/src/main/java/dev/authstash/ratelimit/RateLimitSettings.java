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
 */
public record RateLimitSettings(boolean enabled, long windowSeconds, long max, Algorithm algorithm,
                                boolean useSecondaryStorage, List<CustomRule> customRules,
                                OnStorageError onStorageError, boolean limitPreflight) {

    public static final String GLOBAL_RULE_ID = "default";

    public RateLimitSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(onStorageError, "onStorageError");
        customRules = List.copyOf(customRules == null ? List.of() : customRules);
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, 10, 100, Algorithm.FIXED_WINDOW, true, List.of(), OnStorageError.LOCAL,
                false);
    }

    /** The global rule, applied to paths under the base path that no custom rule matches. */
    public RateLimitRule globalRule() {
        return new RateLimitRule(GLOBAL_RULE_ID, windowSeconds, max, algorithm);
    }
}
