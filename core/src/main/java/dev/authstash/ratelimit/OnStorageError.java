package dev.authstash.ratelimit;

/** What the limiter does when its store fails. JSON: {@code rateLimit.onStorageError}. */
public enum OnStorageError {
    /** Decide with an in-process limiter while the store is away, so limits hold per instance (default). */
    LOCAL,
    /** Let the request through (fail open). */
    ALLOW,
    /** Refuse the request with 503 and {@code Retry-After} (fail closed). */
    DENY
}
