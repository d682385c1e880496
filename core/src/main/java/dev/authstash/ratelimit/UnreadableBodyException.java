package dev.authstash.ratelimit;

/**
 * A {@code body:<field>} rate-limit key cannot be read the way the application reads the body: the request is
 * refused with {@link #status()} and a JSON {@code {"message": …}} before the handler, never counted under a
 * fresh bucket (see {@code docs/security.md}, "Account keys fail closed"). Thrown by
 * {@link KeyRequest#bodyField(String)}; the limiter counts nothing for the request.
 */
public final class UnreadableBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status  400 (malformed, ambiguous or missing field), 413 (over the cap) or 415 (a content type or
     *                charset the limiter does not read)
     * @param message the client-facing message, plain text without quotes or backslashes
     */
    public UnreadableBodyException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }
}
