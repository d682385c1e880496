package dev.authstash.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies") for rules with
 * {@code deviceCookie}: {@code <prefix>.device_token} (the session cookie's name with {@code session_token} replaced,
 * else {@code <name>_device}; {@code __Secure-} and {@code Secure} by the session cookie's rules), HttpOnly,
 * SameSite=Lax, Path=/, Max-Age = the rule's {@code maxAge}. Value: {@code <exp>.<nonce>.<mac>} — {@code exp} the
 * expiry in epoch seconds (base 36), {@code nonce} 128 random bits (22 base64url chars, names the device's bucket),
 * {@code mac} the base64url HMAC-SHA256 over {@code exp}, {@code nonce} and the account's canonical identifier. The
 * identifier is not in the cookie (a cookie names no account); it is bound by the MAC, so a cookie verifies only
 * for the account it was issued to. Keys: one per application secret, derived for this use only, the first signs,
 * every one is tried on every check (rotation; the time does not tell which matched), compared in constant time.
 * Anything else — garbage, tampered, expired, another account's, another key's — is no device. Thread-safe.
 */
final class DeviceCookies {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** Longest value read: 12 + 1 + 22 + 1 + 43 chars, with room. */
    private static final int MAX_VALUE_CHARS = 96;
    private static final int NONCE_CHARS = 22;
    private static final int MAC_CHARS = 43;

    private final TokenHeaders names;
    private final SessionCookies cookies;
    private final Clock clock;
    private final ThreadLocal<Mac[]> macs;

    /** @param secretKeys per-secret key material (first signs); each is re-derived for device cookies only */
    DeviceCookies(String sessionCookieName, SessionCookies cookies, Clock clock, List<byte[]> secretKeys) {
        this.names = new TokenHeaders(sessionCookieName.endsWith("session_token")
                ? sessionCookieName.substring(0, sessionCookieName.length() - "session_token".length()) + "device_token"
                : sessionCookieName + "_device");
        this.cookies = cookies;
        this.clock = clock;
        List<byte[]> keys = secretKeys.stream()
                .map(k -> CookieSeal.mac(k).doFinal("authstash-device-cookie".getBytes(StandardCharsets.UTF_8))).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one secret key");
        }
        this.macs = ThreadLocal.withInitial(() -> keys.stream().map(CookieSeal::mac).toArray(Mac[]::new));
    }

    /** The cookie's name on a secure or plain request. */
    String name(boolean secure) {
        return names.name(secure);
    }

    /**
     * The nonce of the request's device cookie when it is valid for {@code canonical} (signed by one of the keys,
     * not expired, issued to that account), else null. Never throws for any cookie text.
     */
    String trusted(RequestInfo r, String canonical) {
        TokenHeaders.Found found;
        try {
            found = names.cookie(r.headers("Cookie"));
        } catch (RuntimeException e) {
            return null;
        }
        return found == null ? null : verify(found.token(), canonical);
    }

    /** {@link #trusted} on a cookie value alone. */
    String verify(String value, String canonical) {
        if (value == null || canonical == null || value.length() > MAX_VALUE_CHARS) {
            return null;
        }
        int first = value.indexOf('.');
        int second = first < 0 ? -1 : value.indexOf('.', first + 1);
        if (first < 1 || first > 12 || second != first + 1 + NONCE_CHARS || value.length() != second + 1 + MAC_CHARS) {
            return null;
        }
        String exp = value.substring(0, first);
        String nonce = value.substring(first + 1, second);
        if (!base36(exp) || !base64url(nonce) || !base64url(value.substring(second + 1))) {
            return null;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(value.substring(second + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (given.length != 32 || !B64.encodeToString(given).equals(value.substring(second + 1))) {
            return null; // one spelling per signature
        }
        byte[] material = material(exp, nonce, canonical);
        boolean ok = false;
        for (Mac mac : macs.get()) { // every key, always
            ok |= MessageDigest.isEqual(given, mac.doFinal(material));
        }
        long expiresAt = Long.parseLong(exp, 36); // at most 12 base-36 digits: fits a long
        return ok && clock.millis() / 1000 < expiresAt ? nonce : null;
    }

    /** {@code Set-Cookie} of a new device cookie for {@code canonical}, valid {@code maxAgeSeconds}. */
    String issue(RequestInfo r, String canonical, long maxAgeSeconds) {
        boolean secure = cookies.secure(r);
        return SessionCookies.format(names.name(secure), value(canonical, maxAgeSeconds), maxAgeSeconds, secure);
    }

    /** A new cookie value for {@code canonical}, valid {@code maxAgeSeconds}. */
    String value(String canonical, long maxAgeSeconds) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String nonce = B64.encodeToString(random);
        String exp = Long.toString(clock.millis() / 1000 + maxAgeSeconds, 36);
        return exp + "." + nonce + "." + B64.encodeToString(macs.get()[0].doFinal(material(exp, nonce, canonical)));
    }

    private static byte[] material(String exp, String nonce, String canonical) {
        return ("authstash-device-v1\n" + exp + "\n" + nonce + "\n" + canonical).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean base36(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private static boolean base64url(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
