package dev.authstash.testkit;

import java.util.SplittableRandom;

/**
 * Property checks in plain JUnit 5: runs a property over {@code tries} random cases drawn from one
 * seed. The seed is new on every run unless the system property {@value #SEED_PROPERTY} fixes it
 * ({@code mvn … -Dauthstash.seed=N}); a failure names the seed and the case, so the same cases rerun.
 */
public final class Cases {
    /** System property that fixes the seed of every property check (a decimal long). */
    public static final String SEED_PROPERTY = "authstash.seed";

    /** The body of a property; any exception or assertion error is a counterexample. */
    @FunctionalInterface
    public interface Property {
        void check(Gen gen) throws Exception;
    }

    private Cases() {
    }

    /** Runs {@code property} {@code tries} times; rethrows the first failure with the seed in its message. */
    public static void check(int tries, Property property) {
        check(tries, seed(System.getProperty(SEED_PROPERTY)), property);
    }

    static void check(int tries, long seed, Property property) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            Gen gen = new Gen(random.split());
            try {
                property.check(gen);
            } catch (Throwable failure) {
                AssertionError error = new AssertionError("property failed at case " + (i + 1) + " of " + tries
                        + " with seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + "): " + failure, failure);
                System.err.println(error.getMessage());
                throw error;
            }
        }
    }

    /** The seed of this run: {@code fixed} (the value of {@value #SEED_PROPERTY}) when set, else a fresh random one. */
    static long seed(String fixed) {
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return new SplittableRandom().nextLong();
    }
}
