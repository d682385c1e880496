package dev.authstash.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Session options. JSON: {@code session}.
 *
 * @param expiresIn                 session lifetime, default 7 days (JSON: seconds)
 * @param updateAge                 how old a session must be before a lookup extends it, default 1 day (JSON: seconds)
 * @param storeSessionInDatabase    also write sessions to the primary database and read through it on a miss
 * @param preserveSessionInDatabase on revoke, expire the database row instead of deleting it
 * @param cookieName                session cookie read by the adapters, default {@code authstash.session_token}
 * @param tableName                 primary-database table, default {@code authstash_session}
 * @param protectedPaths            path globs (relative to the web app, not the base path) that need a valid
 *                                  session; the adapters answer 401 without one
 * @param cookieCache               JSON {@code cookieCache.enabled}: answer session lookups from a signed cookie
 *                                  (Better Auth's {@code session.cookieCache}); a session revoked elsewhere stays
 *                                  usable on a client holding the cookie for at most {@code cookieCacheMaxAge}
 * @param cookieCacheMaxAge         JSON {@code cookieCache.maxAge} (seconds), default 5 minutes: how long a signed
 *                                  cookie answers without storage — the staleness bound
 */
public record SessionSettings(Duration expiresIn, Duration updateAge, boolean storeSessionInDatabase,
                              boolean preserveSessionInDatabase, String cookieName, String tableName,
                              List<String> protectedPaths, boolean cookieCache, Duration cookieCacheMaxAge) {
    /** Default {@link #cookieCacheMaxAge}: 5 minutes, as Better Auth's. */
    public static final Duration DEFAULT_COOKIE_CACHE_MAX_AGE = Duration.ofMinutes(5);

    /** Without the cookie cache. */
    public SessionSettings(Duration expiresIn, Duration updateAge, boolean storeSessionInDatabase,
                           boolean preserveSessionInDatabase, String cookieName, String tableName,
                           List<String> protectedPaths) {
        this(expiresIn, updateAge, storeSessionInDatabase, preserveSessionInDatabase, cookieName, tableName,
                protectedPaths, false, DEFAULT_COOKIE_CACHE_MAX_AGE);
    }

    public SessionSettings {
        Objects.requireNonNull(cookieCacheMaxAge, "cookieCacheMaxAge");
        if (cookieCacheMaxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("cookieCache.maxAge must be at least 1 second, got " + cookieCacheMaxAge);
        }
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(updateAge, "updateAge");
        Objects.requireNonNull(cookieName, "cookieName");
        Objects.requireNonNull(tableName, "tableName");
        protectedPaths = List.copyOf(protectedPaths == null ? List.of() : protectedPaths);
    }

    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofDays(7), Duration.ofDays(1), false, false, "authstash.session_token",
                "authstash_session", List.of());
    }
}
