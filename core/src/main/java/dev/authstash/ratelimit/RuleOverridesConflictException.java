package dev.authstash.ratelimit;

/**
 * Setting or removing rule overrides refused because someone changed them since the version the caller read
 * (compare-and-set): read them again ({@code Authstash.ruleOverrides()}) and retry with the version found.
 */
public final class RuleOverridesConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long currentVersion;

    public RuleOverridesConflictException(long expected, long current) {
        super("rate-limit rule overrides are at version " + current + ", not " + expected
                + ": read them again and retry");
        this.currentVersion = current;
    }

    /** The version in storage when the change was refused. */
    public long currentVersion() {
        return currentVersion;
    }
}
