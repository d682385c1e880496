package dev.authstash.config;

import dev.authstash.client.IpAddressSettings;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.session.SessionSettings;
import dev.authstash.storage.CircuitBreakerSettings;
import dev.authstash.storage.StorageSettings;
import dev.authstash.token.OneTimeSettings;
import dev.authstash.web.WebSettings;
import java.util.List;
import java.util.Objects;

/**
 * The whole, validated, immutable configuration. Load it from JSON with {@code ConfigLoader} or
 * build it in code with {@link #builder()}. Every option is described in {@code docs/configuration.md}.
 *
 * @param basePath         path prefix of the auth routes, e.g. {@code /api/auth}; {@code ""} for none. Rate-limit
 *                         rules match paths relative to it; paths outside it are not rate limited by rules
 * @param circuitBreaker   JSON {@code secondaryStorage.circuitBreaker}: when to stop calling a failing storage
 * @param web              JSON {@code baseURL}, {@code trustedOrigins}, {@code advanced.useSecureCookies}
 * @param secrets          JSON {@code secret} (comma-separated for rotation): keys of OTP hashes, the first signs
 *                         and all verify; empty = {@code AUTHSTASH_SECRET} from the environment. Never printed
 */
public record AuthstashConfig(String basePath, StorageSettings secondaryStorage, RateLimitSettings rateLimit,
                              IpAddressSettings ipAddress, SessionSettings session, OneTimeSettings oneTime,
                              CircuitBreakerSettings circuitBreaker, WebSettings web, List<String> secrets) {
    /** Shortest accepted secret, in characters. */
    public static final int MIN_SECRET_LENGTH = 32;

    public AuthstashConfig {
        Objects.requireNonNull(web, "web");
        secrets = List.copyOf(secrets == null ? List.of() : secrets);
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(secondaryStorage, "secondaryStorage");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(oneTime, "oneTime");
    }

    /** With default browser settings and no secret in the configuration. */
    public AuthstashConfig(String basePath, StorageSettings secondaryStorage, RateLimitSettings rateLimit,
                           IpAddressSettings ipAddress, SessionSettings session, OneTimeSettings oneTime,
                           CircuitBreakerSettings circuitBreaker) {
        this(basePath, secondaryStorage, rateLimit, ipAddress, session, oneTime, circuitBreaker, WebSettings.defaults(),
                List.of());
    }

    /** With the default circuit breaker. */
    public AuthstashConfig(String basePath, StorageSettings secondaryStorage, RateLimitSettings rateLimit,
                           IpAddressSettings ipAddress, SessionSettings session, OneTimeSettings oneTime) {
        this(basePath, secondaryStorage, rateLimit, ipAddress, session, oneTime, CircuitBreakerSettings.defaults());
    }

    /** A fail-fast builder starting from the defaults; see {@link ConfigBuilder}. */
    public static ConfigBuilder builder() {
        return new ConfigBuilder();
    }

    public static AuthstashConfig defaults() {
        return new AuthstashConfig("", StorageSettings.defaults(), RateLimitSettings.defaults(),
                IpAddressSettings.defaults(), SessionSettings.defaults(), OneTimeSettings.defaults());
    }

    @Override
    public String toString() {
        return "AuthstashConfig[basePath=" + basePath + ", secondaryStorage=" + secondaryStorage + ", rateLimit="
                + rateLimit + ", ipAddress=" + ipAddress + ", session=" + session + ", oneTime=" + oneTime
                + ", circuitBreaker=" + circuitBreaker + ", web=" + web + ", secrets=<" + secrets.size() + " redacted>]";
    }
}
