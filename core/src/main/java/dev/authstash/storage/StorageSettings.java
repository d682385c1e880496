package dev.authstash.storage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach secondary storage. JSON: {@code secondaryStorage}.
 *
 * @param url              {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} (TLS, e.g. Upstash);
 *                         empty and no {@code clusterNodes} means in-memory storage
 * @param clusterNodes     Redis Cluster seed nodes as {@code host:port}; user and password are taken from {@code url}'s
 *                         user-info when both are given
 * @param keyPrefix        prepended to every key, default {@code authstash:}
 * @param poolSize         maximum connections per node, default {@value #DEFAULT_POOL_SIZE} (a servlet container's
 *                         default request threads, so that a burst does not queue for connections)
 * @param connectTimeout   TCP connect timeout, default 500 ms
 * @param socketTimeout    read timeout of one command, default 1000 ms (docs/reliability.md: why)
 * @param memoryMaxEntries bound of the in-memory store, default 100,000 entries
 * @param poolWait         longest wait for a pooled connection, default 1000 ms; running out of it is back-pressure
 *                         ({@link StorageBusyException}), never a storage failure
 * @param upstash          Upstash REST instead of a TCP url, or {@code null}
 * @param sentinel         Redis Sentinel instead of a url, or {@code null} (a {@code redis-sentinel://} url also works)
 */
public record StorageSettings(String url, List<String> clusterNodes, String keyPrefix, int poolSize,
                              Duration connectTimeout, Duration socketTimeout, long memoryMaxEntries,
                              Duration poolWait, UpstashSettings upstash, SentinelSettings sentinel) {

    public static final String DEFAULT_KEY_PREFIX = "authstash:";
    public static final int DEFAULT_POOL_SIZE = 200;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofMillis(1000);
    static final Duration DEFAULT_POOL_WAIT = Duration.ofMillis(1000);

    public StorageSettings {
        url = url == null ? "" : url.trim();
        clusterNodes = List.copyOf(clusterNodes == null ? List.of() : clusterNodes);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(poolWait, "poolWait");
    }

    /** With the default {@code poolWait} (1000 ms). */
    public StorageSettings(String url, List<String> clusterNodes, String keyPrefix, int poolSize,
                           Duration connectTimeout, Duration socketTimeout, long memoryMaxEntries) {
        this(url, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout, memoryMaxEntries,
                DEFAULT_POOL_WAIT);
    }

    /** Without Upstash or Sentinel settings. */
    public StorageSettings(String url, List<String> clusterNodes, String keyPrefix, int poolSize,
                           Duration connectTimeout, Duration socketTimeout, long memoryMaxEntries, Duration poolWait) {
        this(url, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout, memoryMaxEntries, poolWait, null,
                null);
    }

    /** In-memory storage with all defaults. */
    public static StorageSettings defaults() {
        return new StorageSettings("", List.of(), DEFAULT_KEY_PREFIX, DEFAULT_POOL_SIZE,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, 100_000, DEFAULT_POOL_WAIT);
    }

    /** Whether these settings select a shared store (Redis standalone, cluster, sentinel, Upstash REST), not memory. */
    public boolean usesRedis() {
        return !url.isEmpty() || !clusterNodes.isEmpty() || upstash != null || sentinel != null;
    }

    public StorageSettings withUrl(String newUrl) {
        return new StorageSettings(newUrl, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout,
                memoryMaxEntries, poolWait, upstash, sentinel);
    }

    public StorageSettings withUpstash(UpstashSettings newUpstash) {
        return new StorageSettings(url, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout,
                memoryMaxEntries, poolWait, newUpstash, sentinel);
    }
}
