package dev.authstash.bench;

import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import java.time.Duration;
import java.util.List;

/**
 * The Redis a benchmark fork talks to: the driver starts one redis-server (core's test kit {@code RedisProcess},
 * loopback, no persistence) and hands its URL to the JMH forks in the system property {@value #URL_PROPERTY}.
 */
final class BenchRedis {
    static final String URL_PROPERTY = "bench.redis.url";
    /** Connections per pool: more than the 8 benchmark threads, so no thread waits for a connection. */
    static final int POOL = 16;

    private BenchRedis() {}

    static String url() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("-D" + URL_PROPERTY + " is not set: run the benchmark through its driver");
        }
        return url;
    }

    static int port() {
        String url = url();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    /**
     * authstash's Redis storage with the default key prefix and a 2 s command timeout (the 50 ms default is
     * for production; a shared 2-core machine under 8 threads can exceed it, and a timeout must fail the run,
     * not be measured).
     */
    static RedisStorage storage() {
        return RedisStorage.create(new StorageSettings(url(), List.of(), StorageSettings.DEFAULT_KEY_PREFIX, POOL,
                Duration.ofSeconds(2), Duration.ofSeconds(2), 100_000));
    }
}
