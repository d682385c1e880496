package dev.authstash.session;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.RedisProcess;
import java.time.Clock;

/** The storages every session and token test runs on: real MemoryStorage and a real redis-server. */
public enum Backend {
    MEMORY, REDIS;

    private static RedisProcess redis;

    /** The shared redis-server of this JVM, started on first use and emptied by {@link #open}. */
    public static synchronized RedisProcess redisProcess() {
        if (redis == null) {
            redis = RedisProcess.launch();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
        }
        return redis;
    }

    /** A fresh storage: memory on {@code clock}, or Redis after FLUSHALL (Redis keeps real time). */
    public SecondaryStorage open(Clock clock) {
        if (this == MEMORY) {
            return Stores.memory(clock);
        }
        RedisProcess r = redisProcess();
        r.start();
        try (var j = r.jedis()) {
            j.flushAll();
        }
        return Stores.redis(r);
    }
}
