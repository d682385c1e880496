package dev.authstash.config;

/**
 * An invalid configuration: one message of the shape {@code <json path>: <what was expected>, got <actual>}, e.g.
 * {@code rateLimit.window: expected an integer (seconds), got "60"}. Thrown by {@link ConfigLoader} and by
 * {@link ConfigBuilder} alike.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path   JSON path of the offending value, e.g. {@code rateLimit.customRules."/sign-in/email".max};
     *               {@code ""} when the problem concerns the whole document (then the message is {@code detail})
     * @param detail what was expected and what was found
     */
    public ConfigException(String path, String detail) {
        super(path.isEmpty() ? detail : path + ": " + detail);
        this.path = path;
    }

    ConfigException(String path, String detail, Throwable cause) {
        this(path, detail);
        initCause(cause);
    }

    /** JSON path of the offending value; {@code ""} for the document as a whole. */
    public String path() {
        return path;
    }
}
