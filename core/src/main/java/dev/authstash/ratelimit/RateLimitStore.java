package dev.authstash.ratelimit;

import java.util.List;

/**
 * Makes one atomic decision per call for a counter key. Implementations: in memory, in Redis
 * (one script call, one round trip, Redis server clock) and over any
 * {@link dev.authstash.storage.SecondaryStorage}.
 */
public interface RateLimitStore extends AutoCloseable {
    /**
     * Longest life of a reservation ({@link #reserve}), in seconds, when the window is not shorter: a request
     * that never answers (a dropped thread, a dead process) holds its slot that long at most.
     */
    long LEASE_SECONDS = 60;

    /**
     * Counts one request against {@code rule} for {@code key} and decides.
     *
     * @param key counter key built by authstash (bounded length, no raw request text)
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    RateLimitDecision consume(String key, RateLimitRule rule);

    /**
     * Reserves a slot for one request of a rule that counts only some answers ({@link RateLimitRule#countsAnswers()},
     * fixed window), in one atomic step before the handler: allowed iff the window's count plus the live
     * reservations is below {@code max}, and then a reservation named {@code id} is held until
     * {@link #settle settled} or until its lease ends (min({@value #LEASE_SECONDS} s, the window); an abandoned
     * reservation then frees its slot). Refused otherwise: until the window ends when the count alone is at
     * {@code max}, else (requests in flight hold the slots) with a retry-after of 1 s.
     *
     * @param id unique among the reservations on {@code key}
     * @throws UnsupportedOperationException when the store cannot reserve atomically
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    default RateLimitDecision reserve(String key, RateLimitRule rule, String id) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot reserve slots atomically, needed by rules with \"count\"");
    }

    /**
     * Settles reservation {@code id} once the application answered, in one atomic step: {@code counted} turns it
     * into a count (the window opens with the first count); otherwise its slot is released. A reservation no
     * longer held (its lease ended, or the counter was reset) still counts while the count plus the live
     * reservations is below {@code max}, so no answer lifts the count past {@code max}.
     *
     * @throws UnsupportedOperationException when the store cannot reserve atomically
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    default void settle(String key, RateLimitRule rule, String id, boolean counted) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " cannot reserve slots atomically, needed by rules with \"count\"");
    }

    /**
     * Atomically removes the counter of {@code key} for {@code rule} and every reservation on it, so the client
     * starts afresh (support staff's unlock, a successful password reset). A counter that does not exist is no
     * error. One store call.
     *
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    void reset(String key, RateLimitRule rule);

    /**
     * A counter's state without counting ({@link #peek}): requests left now, ms until the quota is whole again, and
     * ms the key stays refused (0 = not refused).
     */
    record Peek(long remaining, long resetMs, long blockedMs) {}

    /**
     * The state of the counter of {@code key} for {@code rule}, atomically and without counting anything: what the
     * next request would meet. One store call.
     *
     * @throws UnsupportedOperationException when the store cannot read a counter's state
     * @throws dev.authstash.storage.StorageException when the backing store fails
     */
    default Peek peek(String key, RateLimitRule rule) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read a counter's state");
    }

    /**
     * Keys currently refused (bounded: see the implementations), latest-ending first, at most {@code max}, each as
     * its hash, never the client key. {@code nowMillis} is the caller's clock, to turn the store's times into it.
     */
    default List<BlockedKey> blocked(int max, long nowMillis) {
        return List.of();
    }

    @Override
    default void close() {}
}
