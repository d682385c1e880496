package dev.authstash.storage;

import java.time.Duration;

/**
 * A key-value store for short-lived auth data: Better Auth's {@code secondaryStorage} in Java.
 *
 * <p>Keys are plain strings chosen by authstash; an implementation may prefix them (see
 * {@link RedisStorage}). Values are strings. Every method may throw {@link StorageException}
 * when the backing store cannot be reached; callers decide the policy.
 */
public interface SecondaryStorage extends AutoCloseable {

    /** The value stored under {@code key}, or {@code null} if absent or expired. */
    String get(String key);

    /**
     * Stores {@code value} under {@code key}, replacing any previous value and TTL.
     *
     * @param ttl time to live, rounded up to whole milliseconds; {@code null} or zero means no expiry
     */
    void set(String key, String value, Duration ttl);

    /** Removes {@code key}; absent keys are ignored. */
    void delete(String key);

    /**
     * Atomically reads and removes {@code key}: of any number of concurrent callers for the same
     * key, at most one receives the value. Used for single-use tokens.
     *
     * @return the value, or {@code null} if absent or expired
     */
    String getAndDelete(String key);

    /**
     * Atomically increments the integer counter under {@code key} (an absent key counts as 0).
     *
     * @param ttl applied only when this call creates the key; {@code null} or zero means no expiry
     * @return the value after the increment
     */
    long increment(String key, Duration ttl);

    /**
     * Whether this storage lives in this process only (no other process reads or writes it), so that a lock in
     * this process makes a sequence of calls atomic. The default is {@code false}; {@link MemoryStorage} is.
     */
    default boolean inProcess() {
        return false;
    }

    /** Releases connections and caches. The default does nothing. */
    @Override
    default void close() {}
}
