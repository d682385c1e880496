package dev.authstash.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The primary-database side of sessions (SPI). {@link JdbcSessionDatabase} is the JDBC implementation;
 * an application may supply its own (e.g. over its ORM). Ids are token hashes, never tokens.
 */
public interface SessionDatabase {

    /** Stores a new session row. */
    void insert(Session session);

    /** The row with this id if it is neither revoked nor expired at {@code now}. */
    Optional<Session> findActive(String id, Instant now);

    /**
     * Moves a row's {@code updated_at} and {@code expires_at} (sliding refresh); revoked rows stay revoked.
     *
     * @return whether an unrevoked row was updated ({@code false}: the row is revoked or gone, so the session is too)
     */
    boolean updateExpiry(String id, Instant updatedAt, Instant expiresAt);

    /** Marks a row revoked at {@code at} and expires it no later than {@code at} (preserve mode). */
    void revoke(String id, Instant at);

    /** Deletes a row. */
    void delete(String id);

    /** Active rows of a user at {@code now}, oldest first. */
    List<Session> findActiveByUser(String userId, Instant now);

    /** Revokes (preserve mode) every active row of a user except {@code exceptId} (may be {@code null}). */
    void revokeAllForUser(String userId, String exceptId, Instant at);

    /** Deletes every row of a user except {@code exceptId} (may be {@code null}). */
    void deleteAllForUser(String userId, String exceptId);

    /**
     * Replaces the attributes of every active row of a user at {@code now} with {@code change} applied to them,
     * atomically per row and never on a revoked row (a revoke racing this call wins). If {@code change} throws, no
     * row may be changed. Added in 0.2.0 with a default that throws, so existing implementations keep compiling;
     * implement it to use {@link SessionStore#updateAttributes} with {@code storeSessionInDatabase}.
     *
     * @return how many rows changed
     */
    default int updateAttributes(String userId, UnaryOperator<Map<String, String>> change, Instant now) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement"
                + " SessionDatabase.updateAttributes, needed by SessionStore.updateAttributes");
    }
}
