package dev.authstash.sample;

/** The sample app cannot start; the message says why (for a config error: the JSON path and what was expected). */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
