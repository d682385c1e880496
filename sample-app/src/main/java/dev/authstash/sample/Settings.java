package dev.authstash.sample;

import java.util.Map;

/**
 * The sample app's environment.
 *
 * @param port        {@code PORT}, default 8080; 0 picks a free port
 * @param configPath  {@code AUTHSTASH_CONFIG}: a JSON file (or {@code classpath:} resource) replacing the bundled config
 * @param databaseUrl {@code DATABASE_URL}; empty means embedded in-memory H2
 * @param env         the whole environment, for {@code ${VAR}} substitution in the config ({@code REDIS_URL})
 */
record Settings(int port, String configPath, String databaseUrl, Map<String, String> env) {
    static final String BUNDLED_CONFIG = "classpath:authstash.json";

    /** @throws StartupException naming the variable when a value is invalid */
    static Settings from(Map<String, String> env) {
        return new Settings(port(env.get("PORT")), orDefault(env.get("AUTHSTASH_CONFIG"), BUNDLED_CONFIG),
                orDefault(env.get("DATABASE_URL"), ""), Map.copyOf(env));
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
