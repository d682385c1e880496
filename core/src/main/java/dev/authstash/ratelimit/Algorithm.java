package dev.authstash.ratelimit;

import java.util.Locale;

/** How a rule counts requests. The JSON names are the lower-case, hyphenated forms. */
public enum Algorithm {
    /** At most {@code max} requests per window; the window opens at the client's first request. */
    FIXED_WINDOW,
    /** Weighted two-window approximation of a sliding window of {@code window} seconds. */
    SLIDING_WINDOW,
    /** GCRA: a bucket of {@code max} tokens refilled evenly over {@code window} seconds. */
    TOKEN_BUCKET;

    /** The name used in configuration, e.g. {@code fixed-window}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a configuration name; {@code null} if unknown. */
    public static Algorithm fromConfigName(String name) {
        for (Algorithm a : values()) {
            if (a.configName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
