package dev.authstash.web;

/** Finds a session token in a {@code Cookie} header or an {@code Authorization: Bearer} header. */
final class TokenHeaders {
    private final String cookieName;

    TokenHeaders(String cookieName) {
        this.cookieName = cookieName;
    }

    String find(String cookieHeader, String authorizationHeader) {
        String fromCookie = cookie(cookieHeader);
        if (fromCookie != null) {
            return fromCookie;
        }
        return bearer(authorizationHeader);
    }

    private String cookie(String header) {
        if (header == null || header.length() > 16_384) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(cookieName)) {
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
