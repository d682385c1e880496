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
 */
public record SessionSettings(Duration expiresIn, Duration updateAge, boolean storeSessionInDatabase,
                              boolean preserveSessionInDatabase, String cookieName, String tableName,
                              List<String> protectedPaths) {
    public SessionSettings {
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
