package dev.authstash.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authstash.session.CookieCacheStrategy;
import dev.authstash.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Better Auth's {@code session.cookieCache}: a second cookie, {@code <prefix>.session_data} (the session cookie's
 * name with {@code session_token} replaced, else {@code <name>_data}; {@code __Secure-} as the session cookie),
 * holding the session sealed by a {@link CookieSeal} ({@code compact}: signed; {@code jwe}: encrypted). The JSON is
 * the session, {@code exp} (epoch ms, at most {@code maxAge} after issue and never past the session's end) and
 * {@code iat}; it is bound to the session cookie by the session id (SHA-256 of the token). Keys: one per application
 * secret and {@code cookieCache.version}, the first seals, all open (rotation; a new version opens none of the old
 * cookies). Anything tampered, expired, foreign or malformed reads as no cache.
 */
final class CookieCache {
    /** Header-map key of the cache's {@code Set-Cookie}: a second key so both cookies fit in one map. */
    static final String SET_COOKIE = "set-cookie";
    private static final int MAX_VALUE_CHARS = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private final TokenHeaders names;
    private final SessionCookies cookies;
    private final Duration maxAge;
    private final Clock clock;
    private final CookieSeal seal;
    private final Revoked revoked;

    /** Whether a cookie for a session, issued at a time (epoch ms, 0 unknown), must not answer: revoked since. */
    interface Revoked {
        boolean refuses(Session s, long issuedAtMillis);
    }

    /**
     * @param secretKeys per-secret key material (first seals); each is re-derived for this use and version only
     * @param revoked    the revocations of every instance (see {@code SessionStore#cookieCacheRefuses})
     */
    CookieCache(String sessionCookieName, SessionCookies cookies, Duration maxAge, Clock clock, List<byte[]> secretKeys,
                CookieCacheStrategy strategy, String version, Revoked revoked) {
        this.revoked = revoked;
        this.names = new TokenHeaders(sessionCookieName.endsWith("session_token")
                ? sessionCookieName.substring(0, sessionCookieName.length() - 5) + "data" : sessionCookieName + "_data");
        this.cookies = cookies;
        this.maxAge = maxAge;
        this.clock = clock;
        this.seal = CookieSeal.of(strategy, version, secretKeys);
    }

    String name(boolean secure) {
        return names.name(secure);
    }

    /** The cached session of a request whose session cookie carries {@code token}, or null: then ask storage. */
    Session read(RequestInfo r, String token) {
        TokenHeaders.Found found = names.cookie(r.headers("Cookie"), cookies.secure(r));
        if (found == null || found.token().length() > MAX_VALUE_CHARS || token.length() > 512) {
            return null;
        }
        byte[] json = seal.open(found.token());
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            Instant now = clock.instant();
            Session s = session(n.get("session"));
            String id = B64.encodeToString(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
            boolean fresh = now.toEpochMilli() < n.get("exp").asLong() && s.activeAt(now);
            boolean ours = fresh && MessageDigest.isEqual(id.getBytes(StandardCharsets.US_ASCII),
                    s.id().getBytes(StandardCharsets.US_ASCII));
            return ours && !revoked.refuses(s, n.path("iat").asLong(0)) ? s : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code Set-Cookie} caching {@code s} for {@code maxAge} (never past the session's end). */
    String issue(RequestInfo r, Session s) {
        Instant now = clock.instant();
        Instant exp = now.plus(maxAge).isBefore(s.expiresAt()) ? now.plus(maxAge) : s.expiresAt();
        ObjectNode n = JSON.createObjectNode();
        ObjectNode j = n.putObject("session");
        j.put("id", s.id()).put("userId", s.userId()).put("createdAt", s.createdAt().toEpochMilli())
                .put("updatedAt", s.updatedAt().toEpochMilli()).put("expiresAt", s.expiresAt().toEpochMilli())
                .put("ipAddress", s.ipAddress()).put("userAgent", s.userAgent());
        j.set("attributes", JSON.valueToTree(s.attributes()));
        n.put("exp", exp.toEpochMilli());
        n.put("iat", now.toEpochMilli());
        String value = seal.seal(n.toString().getBytes(StandardCharsets.UTF_8));
        boolean secure = cookies.secure(r);
        return SessionCookies.format(names.name(secure), value, Math.max(0, Duration.between(now, exp).toSeconds()),
                secure);
    }

    /** Clears the cache cookie the request carried (either name), else the one {@link #issue} would set. */
    String clear(RequestInfo r) {
        TokenHeaders.Found carried = names.cookie(r.headers("Cookie"));
        String name = carried != null ? carried.cookie() : names.name(cookies.secure(r));
        return SessionCookies.format(name, "", 0, cookies.secure(r) || name.startsWith(TokenHeaders.SECURE_PREFIX));
    }

    private static Session session(JsonNode j) {
        Map<String, String> attributes = new LinkedHashMap<>();
        j.get("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new Session(j.get("id").asText(), j.get("userId").asText(),
                Instant.ofEpochMilli(j.get("createdAt").asLong()), Instant.ofEpochMilli(j.get("updatedAt").asLong()),
                Instant.ofEpochMilli(j.get("expiresAt").asLong()), text(j, "ipAddress"), text(j, "userAgent"),
                attributes);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
