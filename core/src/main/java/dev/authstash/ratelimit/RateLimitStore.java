package dev.authstash.ratelimit;

/**
 * Makes one atomic decision per call for a counter key. Implementations: in memory, in Redis
 * (one script call, one round trip, Redis server clock) and over any
 * {@link dev.authstash.storage.SecondaryStorage}.
 */
public interface RateLimitStore extends AutoCloseable {

    /**
     * Counts one request against {@code rule} for {@code key} and decides.
     *
     * @param key counter key built by authstash (bounded length, no raw request text)
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    RateLimitDecision consume(String key, RateLimitRule rule);

    @Override
    default void close() {}
}
