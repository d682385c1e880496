package dev.authstash.token;

/** The outcome of {@link OneTimeTokens#verifyOtp}. */
public enum OtpResult {
    /** The code was right and is now consumed. */
    VERIFIED,
    /** The code was wrong (one try counted). */
    INVALID,
    /**
     * {@code allowedAttempts} tries were used on this code (it is void even for the right value), or the identifier's
     * guess budget ({@code emailOTP.guessBudget}, wrong guesses across its codes) is spent: every try is refused, the
     * right code too, until the budget window ends. Nothing was compared.
     */
    TOO_MANY_ATTEMPTS,
    /** No code was issued, it expired, or it was already consumed. */
    EXPIRED_OR_MISSING
}
