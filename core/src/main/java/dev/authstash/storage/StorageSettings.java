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
 * @param poolSize         maximum connections per node, default 16
 * @param connectTimeout   TCP connect timeout, default 50 ms
 * @param socketTimeout    read timeout of one command, default 50 ms; also the longest wait for a pooled connection
 * @param memoryMaxEntries bound of the in-memory store, default 100,000 entries
 * @param upstash          Upstash REST instead of a TCP url, or {@code null}
 * @param sentinel         Redis Sentinel instead of a url, or {@code null} (a {@code redis-sentinel://} url also works)
 */
public record StorageSettings(String url, List<String> clusterNodes, String keyPrefix, int poolSize,
                              Duration connectTimeout, Duration socketTimeout, long memoryMaxEntries,
                              UpstashSettings upstash, SentinelSettings sentinel) {

    public static final String DEFAULT_KEY_PREFIX = "authstash:";

    public StorageSettings {
        url = url == null ? "" : url.trim();
        clusterNodes = List.copyOf(clusterNodes == null ? List.of() : clusterNodes);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
    }

    /** Without Upstash or Sentinel settings. */
    public StorageSettings(String url, List<String> clusterNodes, String keyPrefix, int poolSize,
                           Duration connectTimeout, Duration socketTimeout, long memoryMaxEntries) {
        this(url, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout, memoryMaxEntries, null, null);
    }

    /** In-memory storage with all defaults. */
    public static StorageSettings defaults() {
        return new StorageSettings("", List.of(), DEFAULT_KEY_PREFIX, 16, Duration.ofMillis(50),
                Duration.ofMillis(50), 100_000);
    }

    /** Whether these settings select a shared store (Redis standalone, cluster, sentinel, Upstash REST), not memory. */
    public boolean usesRedis() {
        return !url.isEmpty() || !clusterNodes.isEmpty() || upstash != null || sentinel != null;
    }

    public StorageSettings withUrl(String newUrl) {
        return new StorageSettings(newUrl, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout,
                memoryMaxEntries, upstash, sentinel);
    }

    public StorageSettings withUpstash(UpstashSettings newUpstash) {
        return new StorageSettings(url, clusterNodes, keyPrefix, poolSize, connectTimeout, socketTimeout,
                memoryMaxEntries, newUpstash, sentinel);
    }
}
