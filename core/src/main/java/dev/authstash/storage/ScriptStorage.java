package dev.authstash.storage;

import java.util.List;

/**
 * A {@link SecondaryStorage} that runs Redis Lua scripts atomically in one round trip: {@link RedisStorage}
 * (TCP, standalone, cluster or sentinel) and {@link UpstashStorage} (Upstash REST over HTTPS). The rate limiter
 * and the session index use it for their single-script decisions.
 */
public interface ScriptStorage extends SecondaryStorage {

    /**
     * Runs {@code script} ({@code EVALSHA}, and {@code EVAL} after {@code NOSCRIPT}) in one round trip.
     *
     * @param keys unprefixed keys; the storage prefixes each. In a cluster all keys must share a hash tag.
     * @return the script's reply: {@code Long} for integers, {@code String} (or {@code byte[]}) for bulk
     *         strings, {@code List} for arrays, {@code null} for nil
     * @throws StorageException when the store cannot be reached or the script fails
     */
    Object eval(RedisScript script, List<String> keys, List<String> args);
}
