package dev.authstash.config;

import dev.authstash.client.Cidr;
import dev.authstash.client.IpHeaders;
import dev.authstash.route.RouteGlob;
import dev.authstash.storage.RedisStorage;
import dev.authstash.web.WebSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks of string values; each throws a {@link ConfigException} naming the path. */
final class Checks {
    private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** RFC 6265 cookie-name: an RFC 7230 token. */
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):([0-9]{1,5})");

    private Checks() {}

    static void basePath(JsonPath path, String value) {
        if (!value.isEmpty() && (!value.startsWith("/") || value.endsWith("/"))) {
            throw path.error("expected \"\" or a path starting with \"/\" and not ending with \"/\", got "
                    + Values.quote(value));
        }
    }

    static void glob(JsonPath path, String glob) {
        try {
            RouteGlob.compile(glob);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.toString(), e.getMessage(), e);
        }
    }

    static void cidr(JsonPath path, String text) {
        try {
            Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.toString(), e.getMessage(), e);
        }
    }

    static void ipHeader(JsonPath path, String name) {
        try {
            IpHeaders.name(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.toString(), e.getMessage(), e);
        }
    }

    /** Each header name once, compared case-insensitively. */
    static void distinctHeaders(JsonPath path, List<String> names) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).toLowerCase(Locale.ROOT);
            if (seen.contains(name)) {
                throw path.index(i).error(IpHeaders.duplicate(name, seen.indexOf(name)));
            }
            seen.add(name);
        }
    }

    static void redisUrl(JsonPath path, String url) {
        if (url.isEmpty()) {
            return;
        }
        try {
            RedisStorage.validateUrl(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.toString(), e.getMessage(), e);
        }
    }

    static void hostPort(JsonPath path, String node) {
        var m = HOST_PORT.matcher(node);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            throw path.error("expected \"host:port\" with a port from 1 to 65535, got " + Values.quote(node));
        }
    }

    static void sqlIdentifier(JsonPath path, String name) {
        if (!SQL_IDENTIFIER.matcher(name).matches()) {
            throw path.error("expected a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 characters), got "
                    + Values.quote(name));
        }
    }

    static void cookieName(JsonPath path, String name) {
        if (!COOKIE_NAME.matcher(name).matches()) {
            throw path.error("expected a cookie name (letters, digits and !#$%&'*+-.^_`|~), got "
                    + Values.quote(name));
        }
    }

    static void baseURL(JsonPath path, String url) {
        try {
            WebSettings.checkBaseURL(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.toString(), e.getMessage(), e);
        }
    }

    static void trustedOrigin(JsonPath path, String entry) {
        try {
            WebSettings.checkTrustedOrigin(entry);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path.toString(), e.getMessage(), e);
        }
    }
}
