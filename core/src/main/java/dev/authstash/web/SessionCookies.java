package dev.authstash.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The session cookie's {@code Set-Cookie} values: HttpOnly, SameSite=Lax, Path=/, Max-Age = seconds until the
 * session expires; {@code Secure} and the {@code __Secure-} name prefix when the request is HTTPS (directly or via
 * a trusted proxy's {@code X-Forwarded-Proto}), the base URL is {@code https}, or {@code useSecureCookies}.
 */
final class SessionCookies {
    private final TokenHeaders tokens;
    private final Scheme scheme;
    private final boolean alwaysSecure;
    private final Clock clock;

    SessionCookies(TokenHeaders tokens, Scheme scheme, boolean alwaysSecure, Clock clock) {
        this.tokens = tokens;
        this.scheme = scheme;
        this.alwaysSecure = alwaysSecure;
        this.clock = clock;
    }

    boolean secure(RequestInfo r) {
        return alwaysSecure || scheme.https(r);
    }

    String issue(RequestInfo r, String token, Instant expiresAt) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
        return format(tokens.name(secure(r)), token, maxAge, secure(r));
    }

    /** Clears the cookie the request carried (either name), else the one {@link #issue} would set. */
    String clear(RequestInfo r) {
        TokenHeaders.Found carried = tokens.cookie(r.headers("Cookie"));
        String name = carried != null ? carried.cookie() : tokens.name(secure(r));
        return format(name, "", 0, secure(r) || name.startsWith(TokenHeaders.SECURE_PREFIX));
    }

    static String format(String name, String value, long maxAge, boolean secure) {
        return name + "=" + value + "; Max-Age=" + maxAge + "; Path=/; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "");
    }
}
