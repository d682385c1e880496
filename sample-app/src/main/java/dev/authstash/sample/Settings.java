package dev.authstash.sample;

import java.util.Map;

/**
 * The sample app's environment.
 *
 * @param port        {@code PORT}, default 8080; 0 picks a free port
 * @param configPath  {@code AUTHSTASH_CONFIG}: a JSON file (or {@code classpath:} resource) replacing the bundled config
 * @param databaseUrl {@code DATABASE_URL}; empty means embedded in-memory H2
 * @param baseUrl     {@code BASE_URL}: the app's public URL, the only source of links in e-mails (never the
 *                    request's {@code Host}); empty = {@code http://localhost:<port>}
 * @param devOutbox   {@code DEV_OUTBOX=true}: serve {@code GET /dev/outbox}, which shows every "sent" e-mail with its
 *                    token or code to anyone who can reach the port; default off (404)
 * @param adminToken  {@code ADMIN_TOKEN}: serve the operator endpoints {@code /api/admin/*} to callers presenting it as
 *                    a bearer token; empty = those endpoints answer 404
 * @param env         the whole environment, for {@code ${VAR}} substitution in the config ({@code REDIS_URL})
 */
record Settings(int port, String configPath, String databaseUrl, String baseUrl, boolean devOutbox,
                String adminToken, Map<String, String> env) {
    static final String BUNDLED_CONFIG = "classpath:authstash.json";

    /** @throws StartupException naming the variable when a value is invalid */
    static Settings from(Map<String, String> env) {
        return new Settings(port(env.get("PORT")), orDefault(env.get("AUTHSTASH_CONFIG"), BUNDLED_CONFIG),
                orDefault(env.get("DATABASE_URL"), ""), baseUrl(env.get("BASE_URL")), devOutbox(env.get("DEV_OUTBOX")),
                adminToken(env.get("ADMIN_TOKEN")), Map.copyOf(env));
    }

    private static String baseUrl(String value) {
        String url = orDefault(value, "");
        if (url.isEmpty()) {
            return "";
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new StartupException("BASE_URL: expected an absolute http or https URL such as "
                + "\"https://app.example.com\", got \"" + value + "\"");
    }

    /** At least 32 characters: it is the only thing between the network and every operator power. */
    private static String adminToken(String value) {
        String token = value == null ? "" : value.strip();
        if (!token.isEmpty() && token.length() < 32) {
            throw new StartupException("ADMIN_TOKEN: expected at least 32 characters (a random secret), got "
                    + token.length());
        }
        return token;
    }

    private static boolean devOutbox(String value) {
        String v = orDefault(value, "false");
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new StartupException("DEV_OUTBOX: expected true or false, got \"" + value + "\"");
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StartupException("PORT: expected an integer from 0 to 65535, got \"" + value + "\"");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
