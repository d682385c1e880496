package dev.authstash.config;

import dev.authstash.storage.UpstashSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code secondaryStorage.upstash}: Upstash REST instead of a TCP url. */
final class BackendReader {
    static final String[] UPSTASH_KEYS = {"url", "token", "responseEncoding", "connectTimeoutMillis",
        "requestTimeoutMillis", "readRetries"};
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

    /** Fails when more than one storage is named: {@code upstash} excludes {@code url} and {@code clusterNodes}. */
    static void oneBackend(Section storage, String url, boolean cluster, boolean upstash) {
        if (upstash && (!url.isEmpty() || cluster)) {
            throw storage.path().key("upstash").error("expected one storage, got upstash together with "
                    + (!url.isEmpty() ? storage.path().key("url") : storage.path().key("clusterNodes")));
        }
    }
}
