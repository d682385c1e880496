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

    /**
     * Decides without counting, for rules that count only some answers ({@link RateLimitRule#countsAnswers()},
     * fixed window): allowed while the count is below {@code max}. The count grows later through
     * {@link #consume} once the application answered with a counted status.
     *
     * @throws UnsupportedOperationException when the store cannot read a counter without changing it
     */
    default RateLimitDecision peek(String key, RateLimitRule rule) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot decide without counting, needed by rules with \"count\"");
    }

    /**
     * Atomically removes the counter of {@code key} for {@code rule} and every reservation on it, so the client
     * starts afresh (support staff's unlock, a successful password reset). A counter that does not exist is no
     * error. One store call.
     *
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    void reset(String key, RateLimitRule rule);

    @Override
    default void close() {}
}
