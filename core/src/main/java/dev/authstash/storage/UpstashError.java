package dev.authstash.storage;

/**
 * An Upstash REST answer that is an error: a Redis error ({@code {"error": "…"}}), or an unauthorized token.
 * The message never contains the token.
 */
final class UpstashError extends StorageException {
    private final String redisError;
    private final int status;

    /**
     * @param redisError the server's error text, e.g. {@code NOSCRIPT No matching script}; {@code null} if none
     * @param status     the HTTP status
     */
    UpstashError(String message, String redisError, int status) {
        super(message);
        this.redisError = redisError;
        this.status = status;
    }

    /** Whether the server said {@code NOSCRIPT} (whatever the HTTP status): the script must be sent with EVAL. */
    boolean noScript() {
        return redisError != null && redisError.startsWith("NOSCRIPT");
    }

    /** Whether the token was refused (HTTP 401 or 403). */
    boolean unauthorized() {
        return status == 401 || status == 403;
    }

    /** The server's error text, or {@code null}. */
    String redisError() {
        return redisError;
    }
}
