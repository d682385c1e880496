package dev.authstash.web;

import java.util.List;

/**
 * Finds a session token in the {@code Cookie} headers (all of them: HTTP/2 clients may send several) or an
 * {@code Authorization: Bearer} header. The cookie is read under its configured name and under Better Auth's
 * {@code __Secure-} prefixed name, which wins when both are sent; on a secure request ({@link #cookie(List, boolean)})
 * only under the prefixed name: a browser sends {@code __Secure-} cookies only when an HTTPS origin set them, while
 * the plain name can be tossed by a sibling subdomain or a plain-HTTP page (login CSRF, session fixation).
 */
final class TokenHeaders {
    static final String SECURE_PREFIX = "__Secure-";
    private static final int MAX_COOKIE_CHARS = 16_384;

    private final String cookieName;

    TokenHeaders(String cookieName) {
        this.cookieName = cookieName;
    }

    /** A token and the cookie it came from ({@code cookie} null: the Authorization header). */
    record Found(String token, String cookie) {}

    String name(boolean secure) {
        return secure ? SECURE_PREFIX + cookieName : cookieName;
    }

    String find(List<String> cookieHeaders, String authorizationHeader) {
        Found found = cookie(cookieHeaders);
        return found != null ? found.token() : bearer(authorizationHeader);
    }

    /** As {@link #find(List, String)}; on a {@code secure} request only the {@code __Secure-} cookie counts. */
    String find(List<String> cookieHeaders, String authorizationHeader, boolean secure) {
        Found found = cookie(cookieHeaders, secure);
        return found != null ? found.token() : bearer(authorizationHeader);
    }

    /** The session cookie of a {@code secure} request: the {@code __Secure-} one only; else as {@link #cookie(List)}. */
    Found cookie(List<String> cookieHeaders, boolean secure) {
        Found found = cookie(cookieHeaders);
        return secure && found != null && !found.cookie().startsWith(SECURE_PREFIX) ? null : found;
    }

    /** The session cookie of the request, or null (either name: for clearing). */
    Found cookie(List<String> cookieHeaders) {
        if (cookieHeaders == null || cookieHeaders.isEmpty()) {
            return null;
        }
        String plain = null;
        int chars = 0;
        for (String header : cookieHeaders) {
            chars += header == null ? 0 : header.length();
            if (header == null || chars > MAX_COOKIE_CHARS) {
                continue;
            }
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                String name = eq > 0 ? part.substring(0, eq).trim() : "";
                if (name.equals(SECURE_PREFIX + cookieName) || (plain == null && name.equals(cookieName))) {
                    String value = value(part.substring(eq + 1));
                    if (name.startsWith(SECURE_PREFIX)) {
                        if (value != null) {
                            return new Found(value, name);
                        }
                    } else {
                        plain = value;
                    }
                }
            }
        }
        return plain == null ? null : new Found(plain, cookieName);
    }

    private static String value(String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
    }

    static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
