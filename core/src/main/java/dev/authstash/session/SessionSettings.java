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
 *                                  cookie answers without storage — the staleness bound while the revocation
 *                                  channel is down (see {@code docs/sessions.md})
 * @param maximumSessions           at most this many live sessions per user (Better Auth's option name); creating one
 *                                  more evicts the oldest (by creation) in the same atomic step. Default
 *                                  {@value #DEFAULT_MAXIMUM_SESSIONS}
 * @param freshAge                  a session is <em>fresh</em> for this long after its sign-in ({@code createdAt});
 *                                  {@code session.freshPaths} need a fresh session (403). Zero: every session is
 *                                  fresh. Default 1 day, as Better Auth
 * @param freshPaths                path globs (relative to the web app) that need a fresh session: 401 without a
 *                                  session, 403 {@code {"message":"Session is not fresh"}} with a stale one
 * @param deferSessionRefresh       a safe request (GET, HEAD, OPTIONS) never writes: no sliding refresh on it; the
 *                                  refresh happens on the next other request (Better Auth's option)
 * @param cookieCacheStrategy       JSON {@code cookieCache.strategy}: {@code compact} (signed, readable by whoever
 *                                  holds the cookie) or {@code jwe} (encrypted and authenticated). Default compact
 * @param cookieCacheVersion        JSON {@code cookieCache.version}: part of the cache cookie's key, so changing it
 *                                  (a rolling restart) invalidates every cache cookie at once. Default
 *                                  {@value #DEFAULT_COOKIE_CACHE_VERSION}
 */
public record SessionSettings(Duration expiresIn, Duration updateAge, boolean storeSessionInDatabase,
                              boolean preserveSessionInDatabase, String cookieName, String tableName,
                              List<String> protectedPaths, boolean cookieCache, Duration cookieCacheMaxAge,
                              int maximumSessions, Duration freshAge, List<String> freshPaths,
                              boolean deferSessionRefresh, CookieCacheStrategy cookieCacheStrategy,
                              String cookieCacheVersion) {
    /** Default {@link #cookieCacheMaxAge}: 5 minutes, as Better Auth's. */
    public static final Duration DEFAULT_COOKIE_CACHE_MAX_AGE = Duration.ofMinutes(5);
    /** Default {@link #maximumSessions}: bounded, so one user's index (and every script over it) stays small. */
    public static final int DEFAULT_MAXIMUM_SESSIONS = 1000;
    /** Largest {@link #maximumSessions}. */
    public static final int MAX_MAXIMUM_SESSIONS = 100_000;
    /** Default {@link #freshAge}: 1 day, as Better Auth's. */
    public static final Duration DEFAULT_FRESH_AGE = Duration.ofDays(1);
    /** Default {@link #cookieCacheVersion}. */
    public static final String DEFAULT_COOKIE_CACHE_VERSION = "1";

    /** With the cookie cache, the other options at their defaults. */
    public SessionSettings(Duration expiresIn, Duration updateAge, boolean storeSessionInDatabase,
                           boolean preserveSessionInDatabase, String cookieName, String tableName,
                           List<String> protectedPaths, boolean cookieCache, Duration cookieCacheMaxAge) {
        this(expiresIn, updateAge, storeSessionInDatabase, preserveSessionInDatabase, cookieName, tableName,
                protectedPaths, cookieCache, cookieCacheMaxAge, DEFAULT_MAXIMUM_SESSIONS, DEFAULT_FRESH_AGE, List.of(),
                false, CookieCacheStrategy.COMPACT, DEFAULT_COOKIE_CACHE_VERSION);
    }

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
        if (maximumSessions < 1 || maximumSessions > MAX_MAXIMUM_SESSIONS) {
            throw new IllegalArgumentException("session.maximumSessions: expected 1 to " + MAX_MAXIMUM_SESSIONS
                    + ", got " + maximumSessions);
        }
        Objects.requireNonNull(freshAge, "freshAge");
        if (freshAge.isNegative()) {
            throw new IllegalArgumentException("session.freshAge: expected 0 or more, got " + freshAge);
        }
        freshPaths = List.copyOf(freshPaths == null ? List.of() : freshPaths);
        Objects.requireNonNull(cookieCacheStrategy, "cookieCacheStrategy");
        Objects.requireNonNull(cookieCacheVersion, "cookieCacheVersion");
        if (!cookieCacheVersion.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException("session.cookieCache.version: expected 1 to 64 of A-Z a-z 0-9 . _ : -,"
                    + " got \"" + cookieCacheVersion + "\"");
        }
    }

    /** These settings with {@code maximumSessions} changed. */
    public SessionSettings withMaximumSessions(int maximum) {
        return new SessionSettings(expiresIn, updateAge, storeSessionInDatabase, preserveSessionInDatabase, cookieName,
                tableName, protectedPaths, cookieCache, cookieCacheMaxAge, maximum, freshAge, freshPaths,
                deferSessionRefresh, cookieCacheStrategy, cookieCacheVersion);
    }

    /** These settings with {@code deferSessionRefresh} changed. */
    public SessionSettings withDeferSessionRefresh(boolean defer) {
        return new SessionSettings(expiresIn, updateAge, storeSessionInDatabase, preserveSessionInDatabase, cookieName,
                tableName, protectedPaths, cookieCache, cookieCacheMaxAge, maximumSessions, freshAge, freshPaths, defer,
                cookieCacheStrategy, cookieCacheVersion);
    }

    /** Whether {@code s} is fresh at {@code now}: signed in at most {@link #freshAge} ago (always, when zero). */
    public boolean fresh(Session s, java.time.Instant now) {
        return freshAge.isZero() || !s.createdAt().plus(freshAge).isBefore(now);
    }

    public static SessionSettings defaults() {
        return new SessionSettings(Duration.ofDays(7), Duration.ofDays(1), false, false, "authstash.session_token",
                "authstash_session", List.of());
    }
}
