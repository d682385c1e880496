package dev.authstash.session;

import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.SecondaryStorage;
import java.util.List;

/**
 * Sessions and the per-user index in secondary storage. Every user's keys share the hash tag
 * {@code {u:<tag>}}: {@code {u:<tag>}:s:<hash>} session JSON, {@code {u:<tag>}:i} index,
 * {@code {u:<tag>}:c} creation order (hash → created ms, for {@code maximumSessions}),
 * {@code {u:<tag>}:r:<hash>} revocation tombstone, {@code {u:<tag>}:g} revoke-all generation (a random value
 * replaced by every revoke-all in the database modes); plus {@code sa:<hash>} → tag for tokens without one.
 * Methods throw {@link dev.authstash.storage.StorageException} when storage fails. Times in epoch ms.
 */
interface SessionCache {
    enum Put { CREATE, REFRESH, REPOPULATE }

    static SessionCache over(SecondaryStorage storage) {
        return storage instanceof ScriptStorage redis ? new RedisSessionCache(redis) : new LocalIndexSessionCache(storage);
    }

    /** Session JSON or {@code null}. */
    String get(String tag, String hash);

    /** The user tag recorded for a token without one, or {@code null}. */
    String alias(String hash);

    void alias(String hash, String tag, long ttlMillis);

    /** The user's revoke-all generation, {@code ""} when none: read it before reading a row back from the database. */
    String generation(String tag);

    /**
     * Stores {@code session} under {@code tag} and indexes it; {@code false} if {@code mode}'s condition failed:
     * REFRESH only while the session is stored; REPOPULATE only without a tombstone and while the user's generation
     * still equals {@code generation} (so no revoke-all ran since the row was read).
     */
    boolean put(String tag, Session session, long nowMillis, Put mode, String generation);

    /**
     * Stores a new session and indexes it; in the same step, while the user has more than {@code maximum} live
     * sessions, removes the oldest others (by creation; the new one always stays), tombstoning them for a positive
     * {@code tombstoneMillis}.
     *
     * @return the ids of the sessions evicted (empty when none)
     */
    List<String> create(String tag, Session session, long nowMillis, int maximum, long tombstoneMillis);

    /**
     * Removes one session; a positive {@code tombstoneMillis} blocks repopulating it that long. The user's index then
     * lives as long as the longest remaining session (by {@code nowMillis}, the clock of the index's expiries).
     *
     * @return whether a stored session was removed
     */
    boolean remove(String tag, String hash, long tombstoneMillis, long nowMillis);

    /**
     * Removes every indexed session of the user except {@code keepHash} (may be {@code null}); a positive
     * {@code tombstoneMillis} also tombstones them and replaces the user's generation, both for that long.
     */
    void removeAll(String tag, String keepHash, long tombstoneMillis);

    /**
     * Applies {@code set} ({@code null} value removes) to the attributes of every live indexed session of the user in
     * one step, keeping each key's TTL; only sessions still stored are touched, so a removed (revoked) one stays gone.
     * A positive {@code generationMillis} also replaces the user's generation for that long (read-throughs that began
     * before do not cache the old attributes).
     *
     * @return how many sessions changed
     * @throws IllegalArgumentException when a session would exceed the attribute limit (then nothing changed)
     */
    int updateAttributes(String tag, java.util.Map<String, String> set, long nowMillis, long generationMillis);

    /** JSON of the user's live indexed sessions. */
    List<String> list(String tag, long nowMillis);

    static String base(String tag) {
        return "{u:" + tag + "}:";
    }

    static String sessionKey(String tag, String hash) {
        return base(tag) + "s:" + hash;
    }

    static String indexKey(String tag) {
        return base(tag) + "i";
    }

    static String creationKey(String tag) {
        return base(tag) + "c";
    }

    static String tombstoneKey(String tag, String hash) {
        return base(tag) + "r:" + hash;
    }

    static String generationKey(String tag) {
        return base(tag) + "g";
    }

    /** A new generation value (not secret: it only has to differ from the last one). */
    static String newGeneration() {
        return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L);
    }

    static String aliasKey(String hash) {
        return "sa:" + hash;
    }
}
