package dev.authstash.storage;

import java.time.Duration;
import java.util.List;

/**
 * STUB — being implemented (issue 2). {@link SecondaryStorage} on Redis through Jedis: standalone or cluster.
 */
public final class RedisStorage implements SecondaryStorage {

    /** Connects as {@code settings} say ({@code url} or {@code clusterNodes}). */
    public static RedisStorage create(StorageSettings settings) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Checks a Redis URL without connecting.
     *
     * @throws IllegalArgumentException saying what was expected, e.g.
     *         {@code expected redis://[user:password@]host[:port][/db] or rediss://…, got "http://x"}
     */
    public static void validateUrl(String url) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Runs {@code script} in one round trip ({@code EVALSHA}, and {@code EVAL} after {@code NOSCRIPT}).
     *
     * @param keys unprefixed keys; this storage prefixes each. In a cluster all keys must share a hash tag.
     * @return the script's reply as Jedis returns it ({@code Long}, {@code byte[]}/{@code String}, {@code List})
     */
    public Object eval(RedisScript script, List<String> keys, List<String> args) {
        throw new UnsupportedOperationException("stub");
    }

    @Override public String get(String key) { throw new UnsupportedOperationException("stub"); }
    @Override public void set(String key, String value, Duration ttl) { throw new UnsupportedOperationException("stub"); }
    @Override public void delete(String key) { throw new UnsupportedOperationException("stub"); }
    @Override public String getAndDelete(String key) { throw new UnsupportedOperationException("stub"); }
    @Override public long increment(String key, Duration ttl) { throw new UnsupportedOperationException("stub"); }
}
