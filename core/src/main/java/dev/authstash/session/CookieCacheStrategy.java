package dev.authstash.session;

/** How the session cookie cache ({@code session.cookieCache.strategy}) seals the cached session. */
public enum CookieCacheStrategy {
    /**
     * {@code base64url(JSON) "." base64url(HMAC-SHA256)}: tamper-proof, but whoever holds the cookie reads the
     * session (user id, attributes, IP address, user agent).
     */
    COMPACT,
    /** JWE compact serialization, {@code dir} + {@code A256GCM}: tamper-proof and unreadable without the secret. */
    JWE;

    /** The JSON name: {@code compact}, {@code jwe}. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
