package dev.authstash.storage;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach Upstash over its REST API. JSON: {@code secondaryStorage.upstash}; or the environment variables
 * {@code UPSTASH_REDIS_REST_URL} and {@code UPSTASH_REDIS_REST_TOKEN} when the document names no storage.
 *
 * @param url              the database's REST URL, {@code https://…}; {@code http://} only for a loopback host
 * @param token            the REST token, sent as {@code Authorization: Bearer}; never logged or printed
 * @param tokenName        where the token came from, named in errors (e.g. {@code UPSTASH_REDIS_REST_TOKEN})
 * @param responseEncoding {@code BASE64} (default, as Upstash's SDKs) or {@code NONE} for servers without it
 * @param connectTimeout   TCP + TLS connect timeout, default 1000 ms
 * @param requestTimeout   longest wait for one whole request (headers and body), default 1000 ms
 * @param readRetries      extra attempts of an idempotent read ({@code GET}) after a connection error, default 1
 */
public record UpstashSettings(String url, String token, String tokenName, Encoding responseEncoding,
                              Duration connectTimeout, Duration requestTimeout, int readRetries) {

    /** Name of the environment variable holding the REST URL. */
    public static final String URL_VARIABLE = "UPSTASH_REDIS_REST_URL";
    /** Name of the environment variable holding the REST token. */
    public static final String TOKEN_VARIABLE = "UPSTASH_REDIS_REST_TOKEN";
    static final String EXPECTED_URL = "expected an https:// URL (http:// only for a loopback host)";

    /** Response encoding asked of the server with the {@code Upstash-Encoding} header. */
    public enum Encoding {
        BASE64, NONE;

        /** The configuration name, {@code base64} or {@code none}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public UpstashSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenName, "tokenName");
        Objects.requireNonNull(responseEncoding, "responseEncoding");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (readRetries < 0) {
            throw new IllegalArgumentException("readRetries must not be negative, got " + readRetries);
        }
    }

    /** {@code url} and {@code token} with the defaults: base64, 1000 ms connect, 1000 ms request, 1 read retry. */
    public static UpstashSettings of(String url, String token, String tokenName) {
        return new UpstashSettings(url, token, tokenName, Encoding.BASE64, Duration.ofMillis(1000),
                Duration.ofMillis(1000), 1);
    }

    /**
     * Checks a REST URL without connecting.
     *
     * @throws IllegalArgumentException saying what was expected, e.g.
     *         {@code expected an https:// URL (http:// only for a loopback host), got "http://example.com"}
     */
    public static URI validateUrl(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(EXPECTED_URL + ", got " + quote(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(EXPECTED_URL + ", got " + quote(url));
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new IllegalArgumentException(EXPECTED_URL + ": plain http would send the token in clear, got "
                    + quote(url));
        }
        return uri;
    }

    /** The url, for logs: scheme, host, port and path only. */
    public String describe() {
        URI uri = validateUrl(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public String toString() {
        return "UpstashSettings[url=" + url + ", token=***, tokenName=" + tokenName + ", responseEncoding="
                + responseEncoding.configName() + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", readRetries=" + readRetries + "]";
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.contains(":") && !h.matches("[0-9.]+")) {
            return false; // a name other than localhost: never resolved here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code s} quoted, with any user-info and query (where a token could hide) shown as {@code ***}. */
    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String masked = s.replaceAll("(?<=://)[^/@?#]*@", "***@").replaceAll("\\?.*$", "?***");
        return "\"" + masked + "\"";
    }
}
