package dev.authstash.ratelimit;

/**
 * A rule's device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"), JSON
 * {@code "deviceCookie": {"window": …, "max": …, "maxAge": …}} on a rule keyed on {@code account}: a successful
 * attempt ({@code RequestGate.attempt}, answered 2xx) issues a signed cookie bound to the account's canonical
 * identifier; a later attempt at that account presenting it counts in the device's own bucket ({@code max} per
 * {@code window}, counted as the rule counts) instead of the account-wide one, so a lockout of the account by third
 * parties does not refuse it. A device that exhausts its bucket is refused until its window ends.
 *
 * @param windowSeconds the device bucket's window, seconds, at least 1
 * @param max           attempts per window counted in the device bucket, at least 1
 * @param maxAgeSeconds how long an issued cookie is valid, seconds, at least 1 (re-issued on every success)
 */
public record DeviceCookie(long windowSeconds, long max, long maxAgeSeconds) {
    /** Default {@code maxAge}: 365 days. */
    public static final long DEFAULT_MAX_AGE = 365L * 24 * 3600;

    public DeviceCookie {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("deviceCookie.window must be a positive integer (seconds), got "
                    + windowSeconds);
        }
        if (max < 1) {
            throw new IllegalArgumentException("deviceCookie.max must be a positive integer, got " + max);
        }
        if (maxAgeSeconds < 1) {
            throw new IllegalArgumentException("deviceCookie.maxAge must be a positive integer (seconds), got "
                    + maxAgeSeconds);
        }
    }
}
