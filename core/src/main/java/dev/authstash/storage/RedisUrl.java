package dev.authstash.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code redis://[user:password@]host[:port][/db]} or {@code rediss://…} URL (TLS for
 * {@code rediss}). Never prints the password: {@link #toString()} and every error mask it as {@code ***}.
 */
record RedisUrl(boolean tls, String user, String password, String host, int port, int database) {

    static final String EXPECTED = "expected redis://[user:password@]host[:port][/db] or rediss://…";
    static final int DEFAULT_PORT = 6379;

    static RedisUrl parse(String url) {
        if (url == null) {
            throw new IllegalArgumentException(EXPECTED + ", got null");
        }
        boolean tls;
        String rest;
        if (url.regionMatches(true, 0, "redis://", 0, 8)) {
            tls = false;
            rest = url.substring(8);
        } else if (url.regionMatches(true, 0, "rediss://", 0, 9)) {
            tls = true;
            rest = url.substring(9);
        } else {
            throw bad(null, url);
        }
        int slash = rest.indexOf('/', rest.lastIndexOf('@') + 1);
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw bad("user-info must be user:password or :password", url);
            }
            user = emptyToNull(decode(userInfo.substring(0, colon), url));
            password = emptyToNull(decode(userInfo.substring(colon + 1), url));
            authority = authority.substring(at + 1);
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw bad("unclosed IPv6 host", url);
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw bad(null, url);
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isBlank()) {
            throw bad("missing host", url);
        }
        int port = portText == null ? DEFAULT_PORT : number(portText, 1, 65_535, "bad port \"" + portText + "\"", url);
        int db = path.isEmpty() ? 0 : number(path, 0, Integer.MAX_VALUE, "bad db index \"" + path + "\"", url);
        return new RedisUrl(tls, user, password, host, port, db);
    }

    /** The url with any user-info password replaced by {@code ***}. */
    static String mask(String url) {
        if (url == null) {
            return "null";
        }
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = url.lastIndexOf('@');
        if (at < start) {
            return url;
        }
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.substring(0, start) + masked + url.substring(at);
    }

    private static int number(String text, int min, int max, String reason, String url) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(reason, url);
        }
        long n = Long.parseLong(text);
        if (n < min || n > max) {
            throw bad(reason, url);
        }
        return (int) n;
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("bad percent-encoding in user-info", url);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static IllegalArgumentException bad(String reason, String url) {
        String shape = EXPECTED + ", got \"" + mask(url) + "\"";
        return new IllegalArgumentException(reason == null ? shape : reason + ": " + shape);
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (user == null ? "" : user) + (password == null ? "" : ":***")
                + (user == null && password == null ? "" : "@") + host + ":" + port + "/" + database;
    }
}
