package dev.authstash.ratelimit;

import java.util.Set;

/**
 * Better Auth's built-in rules (its {@code api/rate-limiter} "special rules" and the {@code email-otp} plugin's
 * own), applied to a path under the base path when no custom rule matches it and {@code rateLimit.defaultRules}
 * is on. As in Better Auth each path counts on its own (the counter key includes the path), keyed by client IP;
 * rule ids (metrics tags, {@code RateLimit-Policy}) are the exact path or the prefix with {@code *}, so bounded:
 * <ul>
 *   <li>paths starting with {@code /sign-in}, {@code /sign-up}, {@code /change-password}, {@code /change-email}:
 *       3 per 10 s;</li>
 *   <li>{@code /request-password-reset}, {@code /send-verification-email}, paths starting with
 *       {@code /forget-password}, and the email-OTP endpoints ({@link #EMAIL_OTP}): 3 per 60 s.</li>
 * </ul>
 * Source: better-auth/better-auth {@code packages/better-auth/src/api/rate-limiter/index.ts}
 * ({@code getDefaultSpecialRules}) and {@code plugins/email-otp/index.ts} at 451aa4b6 (2026-08-23).
 */
final class DefaultRules {
    /** The email-OTP plugin's endpoints, each 3 per 60 s. */
    static final Set<String> EMAIL_OTP = Set.of("/email-otp/send-verification-otp",
            "/email-otp/check-verification-otp", "/email-otp/verify-email", "/sign-in/email-otp",
            "/email-otp/request-password-reset", "/email-otp/reset-password", "/forget-password/email-otp",
            "/email-otp/request-email-change", "/email-otp/change-email");

    private DefaultRules() {}

    private static final String[] TEN_SECONDS = {"/sign-in", "/sign-up", "/change-password", "/change-email"};

    /** Every default rule, one instance per id and algorithm (the limiter's per-rule caches key on instances). */
    private static final java.util.Map<Algorithm, java.util.Map<String, RateLimitRule>> RULES = rules();

    /** The default rule for a path relative to the base path, or null when none applies. */
    static RateLimitRule match(String relative, Algorithm algorithm) {
        java.util.Map<String, RateLimitRule> rules = RULES.get(algorithm);
        if (EMAIL_OTP.contains(relative) || relative.equals("/request-password-reset")
                || relative.equals("/send-verification-email")) {
            return rules.get(relative);
        }
        if (relative.startsWith("/forget-password")) {
            return rules.get("/forget-password*");
        }
        for (String prefix : TEN_SECONDS) {
            if (relative.startsWith(prefix)) {
                return rules.get(prefix + "*");
            }
        }
        return null;
    }

    private static java.util.Map<Algorithm, java.util.Map<String, RateLimitRule>> rules() {
        java.util.Map<Algorithm, java.util.Map<String, RateLimitRule>> all = new java.util.EnumMap<>(Algorithm.class);
        for (Algorithm a : Algorithm.values()) {
            java.util.Map<String, RateLimitRule> m = new java.util.HashMap<>();
            for (String path : EMAIL_OTP) {
                m.put(path, new RateLimitRule(path, 60, 3, a));
            }
            for (String path : new String[] {"/request-password-reset", "/send-verification-email", "/forget-password*"}) {
                m.put(path, new RateLimitRule(path, 60, 3, a));
            }
            for (String prefix : TEN_SECONDS) {
                m.put(prefix + "*", new RateLimitRule(prefix + "*", 10, 3, a));
            }
            all.put(a, java.util.Map.copyOf(m));
        }
        return all;
    }
}
