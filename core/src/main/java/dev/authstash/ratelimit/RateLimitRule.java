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
        if (max > largestExactMax(algorithm, windowSeconds)) {
            throw new IllegalArgumentException("max must be at most " + largestExactMax(algorithm, windowSeconds)
                    + exactness(windowSeconds) + ", got " + max);
        }
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
