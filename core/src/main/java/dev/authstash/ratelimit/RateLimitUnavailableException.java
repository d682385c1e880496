package dev.authstash.ratelimit;

/**
 * The rate-limit store failed and the policy is {@link OnStorageError#DENY}: adapters answer {@code 503} with
 * {@code Retry-After: retryAfterSeconds}.
 */
public class RateLimitUnavailableException extends RuntimeException {
    private final long retryAfterSeconds;

    public RateLimitUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Whole seconds to wait before retrying, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
