package dev.authstash.storage;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Settings and bounded polling shared by the Redis tests. */
final class RedisTestSupport {
    private RedisTestSupport() {}

    /** Generous timeouts and pool: 200 test threads share few cores, the defaults (50 ms) are for production. */
    static StorageSettings settings(String url, List<String> clusterNodes) {
        return new StorageSettings(url, clusterNodes, StorageSettings.DEFAULT_KEY_PREFIX, 64,
                Duration.ofSeconds(2), Duration.ofSeconds(2), 1000);
    }

    /** Polls {@code condition} every 10 ms; fails after 5 s. Not a timing assertion: a guard against hanging. */
    static void poll(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never happened: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
