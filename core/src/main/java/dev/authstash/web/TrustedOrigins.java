package dev.authstash.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Better Auth's {@code trustedOrigins}: the origin of {@code baseURL} (else the request's own origin) plus listed
 * origins, compared after normalization (lower case, default port dropped), and globs: {@code *} is any run of
 * characters but {@code /}, {@code ?} one such character; a glob with {@code ://} matches the whole origin, one
 * without matches the host (with its port, if any). Immutable.
 */
final class TrustedOrigins {
    private final String base;
    private final List<String> exact = new ArrayList<>();
    private final List<Pattern> originGlobs = new ArrayList<>();
    private final List<Pattern> hostGlobs = new ArrayList<>();

    /** @throws IllegalArgumentException for an entry that is neither an origin nor a glob */
    TrustedOrigins(WebSettings settings) {
        this.base = settings.baseURL().isEmpty() ? null : required(settings.baseURL(), true);
        for (int i = 0; i < settings.trustedOrigins().size(); i++) {
            String entry = settings.trustedOrigins().get(i).trim();
            if (entry.contains("*") || entry.contains("?")) {
                (entry.contains("://") ? originGlobs : hostGlobs).add(glob(entry));
            } else {
                exact.add(required(entry, false));
            }
        }
    }

    /** Whether {@code origin} (already normalized) is trusted; {@code self} stands in for a missing baseURL. */
    boolean trusts(String origin, String self) {
        if (origin == null) {
            return false;
        }
        if (origin.equals(base == null ? self : base) || exact.contains(origin)) {
            return true;
        }
        for (Pattern p : originGlobs) {
            if (p.matcher(origin).matches()) {
                return true;
            }
        }
        int authority = origin.indexOf("://");
        String host = authority < 0 ? null : origin.substring(authority + 3);
        for (Pattern p : hostGlobs) {
            if (host != null && p.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code https} baseURL is configured. */
    boolean httpsBase() {
        return base != null && base.startsWith("https://");
    }

    /**
     * The origin of an absolute URL: {@code scheme://host[:port]} in lower case, default ports dropped; null when
     * {@code url} has no scheme and host (or is longer than 2048 characters).
     */
    static String origin(String url) {
        if (url == null || url.length() > 2048) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || host.isEmpty()) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Checks a {@code trustedOrigins} entry. @throws IllegalArgumentException saying what is expected */
    static void checkEntry(String entry) {
        String trimmed = entry.trim();
        if (trimmed.contains("*") || trimmed.contains("?")) {
            int authority = trimmed.indexOf("://");
            if (trimmed.chars().anyMatch(c -> c <= ' ' || c == '#' || c == '\\' || c == '@')
                    || trimmed.substring(authority < 0 ? 0 : authority + 3).contains("/")) {
                throw new IllegalArgumentException("expected a glob such as \"https://*.example.com\" or "
                        + "\"*.example.com\" (no path), got \"" + trimmed + "\"");
            }
            return;
        }
        required(trimmed, false);
    }

    /** Checks {@code baseURL}: {@code ""} or an absolute http(s) URL. */
    static void checkBaseURL(String url) {
        if (!url.isEmpty()) {
            required(url, true);
        }
    }

    private static String required(String url, boolean isBase) {
        String origin = origin(url);
        boolean ok = origin != null;
        if (ok) {
            URI uri = URI.create(url.trim());
            String path = uri.getRawPath();
            ok = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (isBase ? origin.startsWith("http") : path == null || path.isEmpty() || path.equals("/"));
        }
        if (!ok) {
            throw new IllegalArgumentException(isBase
                    ? "expected an absolute http or https URL such as \"https://app.example.com\", got \"" + url + "\""
                    : "expected an origin such as \"https://app.example.com\" (scheme, host, optional port, no path)"
                            + " or a glob such as \"https://*.example.com\", got \"" + url + "\"");
        }
        return origin;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
