package dev.authstash.config;

import dev.authstash.storage.SentinelSettings;
import dev.authstash.storage.UpstashSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code secondaryStorage.upstash} (Upstash REST) and {@code secondaryStorage.sentinel} (Redis Sentinel). */
final class BackendReader {
    static final String[] UPSTASH_KEYS = {"url", "token", "responseEncoding", "connectTimeoutMillis",
        "requestTimeoutMillis", "readRetries"};
    static final String[] SENTINEL_KEYS = {"masterName", "nodes", "user", "password", "sentinelPassword", "database"};
    private static final Bound MILLIS = Bound.positive("milliseconds");
    private static final Bound RETRIES = Bound.range(0, 5);

    private BackendReader() {}

    /**
     * @return the settings, or {@code null} when the section is absent or both url and token are empty (as
     *         {@code "${UPSTASH_REDIS_REST_URL:-}"} gives when the variable is unset)
     */
    static UpstashSettings upstash(Section s) {
        String url = s.text("url", "").trim();
        String token = s.text("token", "").trim();
        UpstashSettings d = UpstashSettings.of("https://localhost", "-", "-");
        Map<String, UpstashSettings.Encoding> encodings = new LinkedHashMap<>();
        encodings.put("base64", UpstashSettings.Encoding.BASE64);
        encodings.put("none", UpstashSettings.Encoding.NONE);
        UpstashSettings.Encoding encoding = s.choice("responseEncoding", encodings, d.responseEncoding());
        Duration connect = Duration.ofMillis(s.integer("connectTimeoutMillis", MILLIS, d.connectTimeout().toMillis()));
        Duration request = Duration.ofMillis(s.integer("requestTimeoutMillis", MILLIS, d.requestTimeout().toMillis()));
        int retries = (int) s.integer("readRetries", RETRIES, d.readRetries());
        if (url.isEmpty() && token.isEmpty()) {
            return null;
        }
        if (url.isEmpty()) {
            throw s.path().key("url").error("expected the REST URL (https://…) when a token is given, got \"\"");
        }
        if (token.isEmpty()) {
            throw s.path().key("token").error("expected the REST token when a url is given, got \"\"");
        }
        try {
            UpstashSettings.validateUrl(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.path().key("url").toString(), e.getMessage(), e);
        }
        return new UpstashSettings(url, token, s.path().key("token").toString(), encoding, connect, request, retries);
    }

    /** @return the settings, or {@code null} when the section is absent or names no master and no nodes */
    static SentinelSettings sentinel(Section s) {
        String master = s.text("masterName", "").trim();
        List<String> nodes = s.strings("nodes", Checks::hostPort);
        String user = emptyToNull(s.text("user", ""));
        String password = emptyToNull(s.text("password", ""));
        String sentinelPassword = emptyToNull(s.text("sentinelPassword", ""));
        int database = (int) s.integer("database", Bound.range(0, Integer.MAX_VALUE), 0);
        if (master.isEmpty() && nodes.isEmpty()) {
            return null;
        }
        if (master.isEmpty()) {
            throw s.path().key("masterName").error("expected the master's name (sentinel monitor <name> …) when"
                    + " nodes are given, got \"\"");
        }
        if (nodes.isEmpty()) {
            throw s.path().key("nodes").error("expected at least one sentinel \"host:port\", got []");
        }
        return new SentinelSettings(master, nodes, user, password, sentinelPassword, database);
    }

    /**
     * Fails when more than one storage is named: {@code upstash} and {@code sentinel} each exclude {@code url},
     * {@code clusterNodes} and each other.
     */
    static void oneBackend(Section storage, String url, boolean cluster, boolean upstash, boolean sentinel) {
        String named = upstash ? "upstash" : sentinel ? "sentinel" : null;
        if (named == null) {
            return;
        }
        JsonPath other = !url.isEmpty() ? storage.path().key("url") : cluster ? storage.path().key("clusterNodes")
                : upstash && sentinel ? storage.path().key("sentinel") : null;
        if (other != null) {
            throw storage.path().key(named).error("expected one storage, got " + named + " together with " + other);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
