package dev.authstash.web;

import dev.authstash.session.Session;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The session of a request and what its response must carry.
 *
 * @param session the live session, empty for none (no token, garbage, expired or revoked)
 * @param token   the token the request presented (cookie, else Bearer), or null; never log it
 * @param headers response headers to add: a re-issued {@code Set-Cookie} when the lookup extended the session
 *                ({@code session.updateAge}), a clearing one when the cookie's session is gone, and
 *                {@code Cache-Control: no-store} with either or with a live session
 */
public record SessionLookup(Optional<Session> session, String token, Map<String, String> headers) {
    public SessionLookup {
        Objects.requireNonNull(session, "session");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    @Override
    public String toString() {
        return "SessionLookup[session=" + session + ", token=<redacted>, headers=" + headers.keySet() + "]";
    }
}
