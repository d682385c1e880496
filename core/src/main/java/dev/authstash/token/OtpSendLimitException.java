package dev.authstash.token;

/**
 * {@link OneTimeTokens#issueOtp} refused: the identifier already had {@code emailOTP.sendLimit.max} codes of this
 * purpose within the send window. Nothing was issued; the code sent before (if still live) stays valid. Answer it
 * like a rate limit: 429 with {@code Retry-After: }{@link #retryAfterSeconds()}.
 */
public final class OtpSendLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    OtpSendLimitException(int max, long windowSeconds, long retryAfterSeconds) {
        super("emailOTP.sendLimit: at most " + max + " codes per " + windowSeconds
                + " seconds for one identifier and purpose; retry in " + retryAfterSeconds + " seconds", null, false,
                false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Whole seconds (at least 1) until the send window ends: exact on Redis and Upstash (server clock), the whole
     * window (an upper bound) on other storages.
     */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
