package dev.authstash.session;

import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Real storages for the session and token tests. */
public final class Stores {
    private Stores() {}

    /** RedisStorage on {@code redis}, generous timeouts (socket 2 s, pool 64). */
    public static RedisStorage redis(RedisProcess redis) {
        return RedisStorage.create(new StorageSettings(redis.url(), List.of(), StorageSettings.DEFAULT_KEY_PREFIX, 64,
                Duration.ofMillis(2000), Duration.ofMillis(2000), 100_000));
    }

    public static SecondaryStorage memory(Clock clock) {
        return new MemoryStorage(100_000, clock);
    }
}
