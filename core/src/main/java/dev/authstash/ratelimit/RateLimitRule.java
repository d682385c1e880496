package dev.authstash.ratelimit;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rate-limit rule: at most {@code max} requests per {@code windowSeconds} for one key.
 *
 * @param id            stable name of the rule, part of counter keys and of the {@code RateLimit-Policy}
 *                      header: the route glob for a custom rule ({@code glob#2}, {@code glob#3}… for a route's
 *                      further rules), {@code "default"} for the global rule
 * @param windowSeconds window length in seconds, at least 1
 * @param max           requests allowed per window, at least 1
 * @param algorithm     how requests are counted
 * @param key           whose quota a request uses, default {@link RuleKey#IP}
 * @param methods       upper-case HTTP methods the rule applies to; empty = every method
 * @param countStatuses empty = every request counts (refused ones excepted); else only requests the
 *                      application answered with one of these statuses count ({@code "failures"} = 401, a
 *                      genuine credential failure), and a request is admitted only while the count plus the
 *                      requests in flight (reservations) is below {@code max}. Fixed window only.
 * @param deviceCookie  null, or the device cookies of a rule keyed on {@code account} ({@link DeviceCookie})
 */
public record RateLimitRule(String id, long windowSeconds, long max, Algorithm algorithm, RuleKey key,
                            Set<String> methods, Set<Integer> countStatuses, DeviceCookie deviceCookie) {
    /**
     * The statuses of {@code "count": "failures"}: 401 only, a genuine credential failure. Answers to malformed
     * input (400, 415, 422), server errors and exceptions do not count, so nobody can lock an account without
     * submitting wrong credentials; an explicit status list counts others.
     */
    public static final Set<Integer> FAILURES = Set.of(401);

    public RateLimitRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(algorithm, "algorithm");
        key = key == null ? RuleKey.IP : key;
        methods = methods == null ? Set.of()
                : Set.copyOf(methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList());
        countStatuses = countStatuses == null ? Set.of() : Set.copyOf(new TreeSet<>(countStatuses));
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("window must be a positive integer (seconds), got " + windowSeconds);
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be a positive integer, got " + max);
        }
        if (max > largestExactMax(algorithm, windowSeconds)) {
            throw new IllegalArgumentException("max must be at most " + largestExactMax(algorithm, windowSeconds)
                    + exactness(windowSeconds) + ", got " + max);
        }
        if (!countStatuses.isEmpty() && algorithm != Algorithm.FIXED_WINDOW) {
            throw new IllegalArgumentException("counting only some statuses needs algorithm fixed-window, got "
                    + algorithm.configName());
        }
        if (deviceCookie != null && !key.uses(RuleKey.Kind.ACCOUNT)) {
            throw new IllegalArgumentException("deviceCookie needs a rule keyed on account (\"key\": \"account\"),"
                    + " got key " + key.spec());
        }
    }

    /** A rule without device cookies. */
    public RateLimitRule(String id, long windowSeconds, long max, Algorithm algorithm, RuleKey key,
                         Set<String> methods, Set<Integer> countStatuses) {
        this(id, windowSeconds, max, algorithm, key, methods, countStatuses, null);
    }

    /** A rule on the client IP, for every method, counting every request. */
    public RateLimitRule(String id, long windowSeconds, long max, Algorithm algorithm) {
        this(id, windowSeconds, max, algorithm, RuleKey.IP, Set.of(), Set.of());
    }

    /**
     * Whether the rule applies to requests with this method; a null (unknown) method matches every rule. A rule on
     * {@code GET} also covers {@code HEAD}: servlet containers, JAX-RS and Spring answer a HEAD by running the GET
     * handler, so a HEAD must not escape the GET limit.
     */
    public boolean appliesTo(String method) {
        if (methods.isEmpty() || method == null) {
            return true;
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return methods.contains(upper) || "HEAD".equals(upper) && methods.contains("GET");
    }

    /**
     * Whether requests count only once answered (with one of {@link #countStatuses}): such a rule reserves a slot
     * before the handler and settles it after the answer ({@link RateLimitVerdict#completed(int)}).
     */
    public boolean countsAnswers() {
        return !countStatuses.isEmpty();
    }

    /**
     * This rule for an operator's view (the sample's admin endpoint, the Actuator endpoint): {@code id}, {@code window},
     * {@code max}, {@code algorithm}, {@code key}, and {@code methods} / {@code count} when set, in that order, with
     * the JSON names of {@code rateLimit.customRules}.
     */
    public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("window", windowSeconds);
        m.put("max", max);
        m.put("algorithm", algorithm.configName());
        m.put("key", key.spec());
        if (!methods.isEmpty()) {
            m.put("methods", methods.stream().sorted().toList());
        }
        if (countsAnswers()) {
            m.put("count", countStatuses.stream().sorted().toList());
        }
        return m;
    }

    /** This rule under another id (e.g. a default rule named after the path it matched). */
    public RateLimitRule withId(String newId) {
        return new RateLimitRule(newId, windowSeconds, max, algorithm, key, methods, countStatuses, deviceCookie);
    }

    /**
     * The bucket of one trusted device of this rule ({@link #deviceCookie}): id {@code <id>:device}, the device
     * cookie's window and max, counting as this rule counts; null without device cookies.
     */
    public RateLimitRule deviceRule() {
        return deviceCookie == null ? null : new RateLimitRule(id + ":device", deviceCookie.windowSeconds(),
                deviceCookie.max(), algorithm, key, methods, countStatuses, null);
    }

    /**
     * The largest {@code max} the algorithm decides exactly for a window of {@code windowSeconds} (at least 1):
     * for {@link Algorithm#SLIDING_WINDOW}, {@code max × window} in milliseconds must stay below 2^53 (its
     * weighted count is computed in doubles in Redis); unbounded ({@link Long#MAX_VALUE}) for the others.
     */
    public static long largestExactMax(Algorithm algorithm, long windowSeconds) {
        if (algorithm != Algorithm.SLIDING_WINDOW) {
            return Long.MAX_VALUE;
        }
        long limit = (1L << 53) - 1;
        return windowSeconds > limit / 1000 ? 0 : limit / (windowSeconds * 1000);
    }

    /** Why {@link #largestExactMax} bounds max, for messages. */
    public static String exactness(long windowSeconds) {
        return " for sliding-window with a " + windowSeconds + " s window (max × window in milliseconds must stay"
                + " below 2^53)";
    }
}
