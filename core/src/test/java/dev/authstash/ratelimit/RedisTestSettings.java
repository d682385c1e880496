package dev.authstash.ratelimit;

import dev.authstash.storage.StorageSettings;
import java.time.Duration;
import java.util.List;

/** Generous timeouts: 200 threads share 2 cores in these tests. */
final class RedisTestSettings {
    private RedisTestSettings() {}

    static StorageSettings url(String url) {
        return new StorageSettings(url, List.of(), StorageSettings.DEFAULT_KEY_PREFIX, 32, Duration.ofMillis(2000),
                Duration.ofMillis(2000), 1000);
    }

    static StorageSettings cluster(List<String> seedNodes) {
        return new StorageSettings("", seedNodes, StorageSettings.DEFAULT_KEY_PREFIX, 32, Duration.ofMillis(2000),
                Duration.ofMillis(2000), 1000);
    }

    /** Polls {@code check} every 50 ms for at most 5 s; the bounded wait of one-second-window tests. */
    static boolean eventually(java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
