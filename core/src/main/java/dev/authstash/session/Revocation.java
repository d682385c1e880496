package dev.authstash.session;

import java.time.Instant;

/**
 * The storage step of one revocation: one session ({@code hash} set; {@code tag} may be {@code null} for a token
 * without one, then only its alias is known), or every session of the user of {@code tag} but {@code keepHash}
 * ({@code hash} null). {@code at} is when it was asked for; {@code tombstoneMillis} how long it blocks read-through.
 */
record Revocation(String tag, String hash, String keepHash, Instant at, long tombstoneMillis, boolean known) {

    /** One session; published to the revocation feed only if storage held it. */
    static Revocation one(String tag, String hash, Instant at, long tombstoneMillis) {
        return new Revocation(tag, hash, null, at, tombstoneMillis, false);
    }

    /** One session known to exist (a database row, an evicted id): always published. */
    static Revocation known(String tag, String hash, Instant at, long tombstoneMillis) {
        return new Revocation(tag, hash, null, at, tombstoneMillis, true);
    }

    static Revocation allBut(String tag, String keepHash, Instant at, long tombstoneMillis) {
        return new Revocation(tag, null, keepHash, at, tombstoneMillis, true);
    }

    boolean all() {
        return hash == null;
    }

    /**
     * Removes the storage copies; throws {@link dev.authstash.storage.StorageException} when storage fails.
     *
     * @return whether it is worth publishing: a revoke-all, a known session, or a stored copy was removed (a garbage
     *         token sent to a sign-out publishes nothing)
     */
    boolean apply(SessionCache cache) {
        if (all()) {
            cache.removeAll(tag, keepHash, tombstoneMillis);
            return true;
        }
        String alias = cache.alias(hash);
        boolean removed = false;
        if (tag != null) {
            removed = cache.remove(tag, hash, tombstoneMillis, at.toEpochMilli());
        }
        if (alias != null && !alias.equals(tag)) {
            removed |= cache.remove(alias, hash, tombstoneMillis, at.toEpochMilli());
        }
        return removed || known;
    }

    /**
     * Whether {@code s}, found under {@code sessionTag}, is one this revocation removes. A revoke-all removes the
     * sessions created up to {@code at} (by this instance's clock) but the kept one.
     */
    boolean covers(String sessionTag, Session s) {
        return all() ? tag.equals(sessionTag) && !s.id().equals(keepHash) && !s.createdAt().isAfter(at)
                : hash.equals(s.id());
    }
}
