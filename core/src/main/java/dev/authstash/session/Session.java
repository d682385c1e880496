package dev.authstash.session;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A signed-in session as stored: never holds the token itself.
 *
 * @param id         SHA-256 of the token, base64url (43 chars): the key in storage and the database
 * @param userId     the application's user id
 * @param createdAt  creation time
 * @param updatedAt  last sliding refresh (creation time until refreshed)
 * @param expiresAt  end of validity; the session is not served at or after this instant
 * @param ipAddress  client address at creation, may be {@code null}
 * @param userAgent  {@code User-Agent} at creation, may be {@code null}
 * @param attributes small application-defined map, never {@code null}
 */
public record Session(String id, String userId, Instant createdAt, Instant updatedAt, Instant expiresAt,
                      String ipAddress, String userAgent, Map<String, String> attributes) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** Whether the session is still valid at {@code now}. */
    public boolean activeAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    Session withAttributes(Map<String, String> changed) {
        return new Session(id, userId, createdAt, updatedAt, expiresAt, ipAddress, userAgent, changed);
    }

    Session withTimes(Instant updated, Instant expires) {
        return new Session(id, userId, createdAt, updated, expires, ipAddress, userAgent, attributes);
    }
}
