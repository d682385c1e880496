package dev.authstash.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/db]#masterName} (the form Lettuce
 * and Spring use) into {@link SentinelSettings}; sentinel port default 26379. The password is the data nodes';
 * errors mask it as {@code ***}.
 */
final class SentinelUrl {
    static final String SCHEME = "redis-sentinel://";
    static final String EXPECTED = "expected redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/db]#masterName";

    private SentinelUrl() {}

    static boolean isSentinel(String url) {
        return url != null && url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    static SentinelSettings parse(String url) {
        if (!isSentinel(url)) {
            throw bad(null, url);
        }
        String rest = url.substring(SCHEME.length());
        int hash = rest.indexOf('#');
        if (hash < 0 || hash == rest.length() - 1) {
            throw bad("missing #masterName", url);
        }
        String master = decode(rest.substring(hash + 1), url);
        rest = rest.substring(0, hash);
        int at = rest.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String info = rest.substring(0, at);
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw bad("user-info must be user:password or :password", url);
            }
            user = emptyToNull(decode(info.substring(0, colon), url));
            password = emptyToNull(decode(info.substring(colon + 1), url));
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String db = slash < 0 ? "" : rest.substring(slash + 1);
        int database = 0;
        if (!db.isEmpty()) {
            if (!db.matches("[0-9]{1,9}")) {
                throw bad("bad db index \"" + db + "\"", url);
            }
            database = Integer.parseInt(db);
        }
        List<String> nodes = new ArrayList<>();
        for (String h : hosts.split(",", -1)) {
            String node = h.trim();
            if (node.isEmpty()) {
                throw bad("missing host", url);
            }
            boolean hasPort = node.startsWith("[") ? node.contains("]:") : node.contains(":");
            String full = hasPort ? node : node + ":" + SentinelSettings.DEFAULT_PORT;
            try {
                RedisClients.parseNode(full);
            } catch (IllegalArgumentException e) {
                throw bad("bad sentinel \"" + node + "\"", url);
            }
            nodes.add(full);
        }
        return new SentinelSettings(master, nodes, user, password, null, database);
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad("bad percent-encoding", url);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static IllegalArgumentException bad(String reason, String url) {
        String shape = EXPECTED + ", got \"" + RedisUrl.mask(url) + "\"";
        return new IllegalArgumentException(reason == null ? shape : reason + ": " + shape);
    }
}
