package dev.authstash.web;

/** Finds a session token in a {@code Cookie} header or an {@code Authorization: Bearer} header. */
final class SessionTokens {
    /** Longest token accepted; authstash tokens are 43 characters. */
    static final int MAX_TOKEN_LENGTH = 512;

    private final String cookieName;

    SessionTokens(String cookieName) {
        this.cookieName = cookieName;
    }

    String find(String cookieHeader, String authorizationHeader) {
        String fromCookie = cookie(cookieHeader);
        if (fromCookie != null) {
            return fromCookie;
        }
        return bearer(authorizationHeader);
    }

    /** Whether a token is worth a storage lookup: present, bounded, URL-safe base64 characters only. */
    static boolean plausible(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
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
