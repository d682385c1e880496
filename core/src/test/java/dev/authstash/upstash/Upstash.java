package dev.authstash.upstash;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.UpstashEndpoint;
import java.util.Map;

/** Authstash instances over a test-kit {@link UpstashEndpoint}, configured by the JSON document. */
final class Upstash {
    static final String SECRET = "upstash-tests-secret-0123456789abcdef";

    private Upstash() {}

    /**
     * @param rateLimit        the {@code rateLimit} object, e.g. {@code {"max": 10}}
     * @param requestTimeoutMs the Upstash request timeout
     */
    static AuthstashConfig config(UpstashEndpoint endpoint, String rateLimit, long requestTimeoutMs) {
        return ConfigLoader.parse("""
                { "basePath": "/api/auth",
                  "secondaryStorage": { "upstash": { "url": "%s", "token": "%s", "requestTimeoutMillis": %d,
                                                     "connectTimeoutMillis": 2000 } },
                  "rateLimit": %s }""".formatted(endpoint.url(), endpoint.token(), requestTimeoutMs, rateLimit),
                name -> null);
    }

    static Authstash instance(AuthstashConfig config) {
        return Authstash.builder(config).environment(Map.<String, String>of()::get).secret(SECRET).build();
    }
}
