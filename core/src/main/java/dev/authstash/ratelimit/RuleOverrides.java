package dev.authstash.ratelimit;

import java.time.Instant;

/**
 * The rate-limit rule overrides in force ({@code Authstash.ruleOverrides()}): their version (0 = never set; every
 * set or removal adds one, in the shared storage), the {@code customRules} document operators set (null when none is
 * in force: the configuration file's rules apply), who set or removed it and when (null before the first change).
 */
public record RuleOverrides(long version, String customRules, String by, Instant at) {
    /** Never set. */
    public static final RuleOverrides NONE = new RuleOverrides(0, null, null, null);

    /** Whether overrides are in force. */
    public boolean active() {
        return customRules != null;
    }
}
