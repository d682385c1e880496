package dev.authstash.token;

/** The outcome of {@link OneTimeTokens#verifyOtp}. */
public enum OtpResult {
    /** The code was right and is now consumed. */
    VERIFIED,
    /** The code was wrong (one try counted). */
    INVALID,
    /** {@code allowedAttempts} tries were used: the code is void even for the right value. */
    TOO_MANY_ATTEMPTS,
    /** No code was issued, it expired, or it was already consumed. */
    EXPIRED_OR_MISSING
}
