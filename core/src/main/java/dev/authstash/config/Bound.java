package dev.authstash.config;

/**
 * The allowed range and unit of an integer option.
 *
 * @param min  smallest allowed value
 * @param max  largest allowed value
 * @param unit shown in messages, e.g. {@code seconds}; {@code ""} for none
 */
record Bound(long min, long max, String unit) {
    /** Largest number of seconds or milliseconds accepted (about 68 years in seconds). */
    static final long LARGE = Integer.MAX_VALUE;

    static Bound positive(String unit) {
        return new Bound(1, LARGE, unit);
    }

    static Bound range(long min, long max) {
        return new Bound(min, max, "");
    }

    /** {@code an integer (seconds)} or {@code an integer}. */
    String expected() {
        return "an integer" + suffix();
    }

    /** What a value outside the range is told. */
    String violation() {
        if (min == 1 && max == LARGE) {
            return "must be a positive integer" + suffix();
        }
        if (min == 0 && max == LARGE) {
            return "must be a non-negative integer" + suffix();
        }
        return "must be an integer from " + min + " to " + max + suffix();
    }

    private String suffix() {
        return unit.isEmpty() ? "" : " (" + unit + ")";
    }
}
