package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authstash.client.IpAddressSettings;
import dev.authstash.session.CookieCacheStrategy;
import dev.authstash.session.SessionSettings;
import dev.authstash.storage.CircuitBreakerSettings;
import dev.authstash.storage.SentinelSettings;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.token.OneTimeSettings;
import dev.authstash.web.WebSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a configuration tree (already env-substituted) into an {@link AuthstashConfig}. The one validation code
 * path: {@link ConfigLoader} feeds it parsed JSON, {@link ConfigBuilder} the tree its setters build.
 */
final class ConfigReader {
    static final List<String> TOP_KEYS = List.of("$schema", "basePath", "secondaryStorage", "rateLimit", "advanced", "session",
            "emailOTP", "emailAndPassword", "emailVerification", "baseURL", "trustedOrigins", "secret");
    private static final Bound SECONDS = Bound.positive("seconds");
    private static final Bound MILLIS = Bound.positive("milliseconds");
    private static final Bound COUNT = Bound.positive("");
    private static final Bound FAILURES = new Bound(1, 1000, "");
    private static final Bound OPEN_SECONDS = new Bound(1, 3600, "seconds");

    private ConfigReader() {}

    /**
     * @param complete whether to check rules that relate several options (off while a builder is being filled)
     */
    static AuthstashConfig read(JsonNode root, boolean complete) {
        if (root == null || !root.isObject()) {
            throw JsonPath.ROOT.error("expected a JSON object at the top level, got " + Values.describe(root));
        }
        Section top = Section.of(root, JsonPath.ROOT, TOP_KEYS);
        top.text("$schema", ""); // the JSON Schema editors check the document against; not used here
        String basePath = top.text("basePath", "");
        Checks.basePath(JsonPath.of("basePath"), basePath);
        Section advanced = top.section("advanced", "ipAddress", "useSecureCookies");
        Section storage = top.section("secondaryStorage", "url", "clusterNodes", "keyPrefix", "poolSize",
                "connectTimeoutMillis", "socketTimeoutMillis", "memoryMaxEntries", "circuitBreaker", "poolWaitMillis",
                "upstash", "sentinel");
        return new AuthstashConfig(basePath, storage(storage),
                RateLimitReader.read(top.section("rateLimit", RateLimitReader.KEYS.toArray(String[]::new))),
                ipAddress(advanced.section("ipAddress", "trustedProxies", "ipv6Subnet", "ipAddressHeaders",
                        "disableIpTracking")),
                session(top.section("session", "expiresIn", "updateAge", "storeSessionInDatabase",
                        "preserveSessionInDatabase", "cookieName", "tableName", "protectedPaths", "cookieCache",
                        "maximumSessions", "freshAge", "freshPaths", "deferSessionRefresh"), complete),
                oneTime(top), circuitBreaker(storage.section("circuitBreaker", "failureThreshold", "openSeconds")),
                web(top, advanced), secrets(top));
    }

    private static WebSettings web(Section top, Section advanced) {
        String baseURL = top.text("baseURL", "").trim();
        Checks.baseURL(JsonPath.of("baseURL"), baseURL);
        List<String> origins = new ArrayList<>();
        top.strings("trustedOrigins", (path, entry) -> { // "${VAR}" may hold a comma-separated list
            for (String origin : entry.split(",")) {
                if (!origin.isBlank()) {
                    Checks.trustedOrigin(path, origin.trim());
                    origins.add(origin.trim());
                }
            }
        });
        return new WebSettings(baseURL, origins, advanced.bool("useSecureCookies", false));
    }

    /** {@code secret}: one secret, or several separated by commas (the first signs, all verify). */
    private static List<String> secrets(Section top) {
        List<String> secrets = new ArrayList<>();
        for (String secret : top.text("secret", "").split(",")) {
            if (!secret.isBlank()) {
                secrets.add(secret.trim());
            }
        }
        for (String secret : secrets) {
            if (secret.length() < AuthstashConfig.MIN_SECRET_LENGTH) {
                throw JsonPath.of("secret").error("expected each secret to have at least "
                        + AuthstashConfig.MIN_SECRET_LENGTH + " characters, got one of " + secret.length());
            }
        }
        return List.copyOf(secrets);
    }

    private static CircuitBreakerSettings circuitBreaker(Section s) {
        CircuitBreakerSettings d = CircuitBreakerSettings.defaults();
        return new CircuitBreakerSettings((int) s.integer("failureThreshold", FAILURES, d.failureThreshold()),
                Duration.ofSeconds(s.integer("openSeconds", OPEN_SECONDS, d.openDuration().toSeconds())));
    }

    private static StorageSettings storage(Section s) {
        StorageSettings d = StorageSettings.defaults();
        String url = s.text("url", d.url());
        Checks.redisUrl(s.path().key("url"), url);
        List<String> clusterNodes = s.strings("clusterNodes", Checks::hostPort);
        UpstashSettings upstash = BackendReader.upstash(s.section("upstash", BackendReader.UPSTASH_KEYS));
        SentinelSettings sentinel = BackendReader.sentinel(s.section("sentinel", BackendReader.SENTINEL_KEYS));
        BackendReader.oneBackend(s, url, !clusterNodes.isEmpty(), upstash != null, sentinel != null);
        return new StorageSettings(url, clusterNodes, s.text("keyPrefix", d.keyPrefix()),
                (int) s.integer("poolSize", COUNT, d.poolSize()),
                Duration.ofMillis(s.integer("connectTimeoutMillis", MILLIS, d.connectTimeout().toMillis())),
                Duration.ofMillis(s.integer("socketTimeoutMillis", MILLIS, d.socketTimeout().toMillis())),
                s.integer("memoryMaxEntries", COUNT, d.memoryMaxEntries()),
                Duration.ofMillis(s.integer("poolWaitMillis", MILLIS, d.poolWait().toMillis())), upstash, sentinel);
    }

    private static IpAddressSettings ipAddress(Section s) {
        List<String> headers = s.strings("ipAddressHeaders", Checks::ipHeader, IpAddressSettings.DEFAULT_HEADERS);
        Checks.distinctHeaders(s.path().key("ipAddressHeaders"), headers);
        return new IpAddressSettings(s.strings("trustedProxies", Checks::cidr),
                (int) s.integer("ipv6Subnet", Bound.range(1, 128), IpAddressSettings.defaults().ipv6Subnet()),
                headers, s.bool("disableIpTracking", false));
    }

    private static SessionSettings session(Section s, boolean complete) {
        SessionSettings d = SessionSettings.defaults();
        long expiresIn = s.integer("expiresIn", SECONDS, d.expiresIn().toSeconds());
        long updateAge = s.integer("updateAge", new Bound(0, Bound.LARGE, "seconds"), d.updateAge().toSeconds());
        boolean store = s.bool("storeSessionInDatabase", d.storeSessionInDatabase());
        boolean preserve = s.bool("preserveSessionInDatabase", d.preserveSessionInDatabase());
        String cookieName = s.text("cookieName", d.cookieName());
        Checks.cookieName(s.path().key("cookieName"), cookieName);
        String tableName = s.text("tableName", d.tableName());
        Checks.sqlIdentifier(s.path().key("tableName"), tableName);
        List<String> protectedPaths = s.strings("protectedPaths", Checks::glob);
        if (complete && preserve && !store) {
            throw s.path().key("preserveSessionInDatabase").error(
                    "requires " + s.path().key("storeSessionInDatabase") + " to be true, got false");
        }
        Section cache = s.section("cookieCache", "enabled", "maxAge", "strategy", "version");
        String strategy = cache.text("strategy", "compact");
        if (!strategy.equals("compact") && !strategy.equals("jwe")) {
            throw cache.path().key("strategy").error("expected \"compact\" or \"jwe\", got \"" + strategy + "\"");
        }
        String version = cache.text("version", SessionSettings.DEFAULT_COOKIE_CACHE_VERSION);
        if (!version.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw cache.path().key("version").error("expected 1 to 64 characters of A-Z a-z 0-9 . _ : -, got \""
                    + version + "\"");
        }
        boolean cacheEnabled = cache.bool("enabled", false);
        Duration maxAge = Duration.ofSeconds(
                cache.integer("maxAge", SECONDS, SessionSettings.DEFAULT_COOKIE_CACHE_MAX_AGE.toSeconds()));
        int maximumSessions = (int) s.integer("maximumSessions",
                Bound.range(1, SessionSettings.MAX_MAXIMUM_SESSIONS), SessionSettings.DEFAULT_MAXIMUM_SESSIONS);
        long freshAge = s.integer("freshAge", new Bound(0, Bound.LARGE, "seconds"),
                SessionSettings.DEFAULT_FRESH_AGE.toSeconds());
        List<String> freshPaths = s.strings("freshPaths", Checks::glob);
        return new SessionSettings(Duration.ofSeconds(expiresIn), Duration.ofSeconds(updateAge), store, preserve,
                cookieName, tableName, protectedPaths, cacheEnabled, maxAge, maximumSessions,
                Duration.ofSeconds(freshAge), freshPaths, s.bool("deferSessionRefresh", false),
                strategy.equals("jwe") ? CookieCacheStrategy.JWE : CookieCacheStrategy.COMPACT, version);
    }

    private static OneTimeSettings oneTime(Section top) {
        OneTimeSettings d = OneTimeSettings.defaults();
        Section otp = top.section("emailOTP", "otpLength", "expiresIn", "allowedAttempts", "guessBudget",
                "sendLimit");
        Section budget = otp.section("guessBudget", "max", "window");
        Section sends = otp.section("sendLimit", "max", "window");
        Section password = top.section("emailAndPassword", "resetPasswordTokenExpiresIn");
        Section verification = top.section("emailVerification", "expiresIn");
        return new OneTimeSettings((int) otp.integer("otpLength", Bound.range(4, 10), d.otpLength()),
                Duration.ofSeconds(otp.integer("expiresIn", SECONDS, d.otpExpiresIn().toSeconds())),
                (int) otp.integer("allowedAttempts", COUNT, d.allowedAttempts()),
                Duration.ofSeconds(password.integer("resetPasswordTokenExpiresIn", SECONDS,
                        d.resetPasswordExpiresIn().toSeconds())),
                Duration.ofSeconds(verification.integer("expiresIn", SECONDS,
                        d.emailVerificationExpiresIn().toSeconds())),
                (int) budget.integer("max", COUNT, d.guessBudget()),
                Duration.ofSeconds(budget.integer("window", SECONDS, d.guessBudgetWindow().toSeconds())),
                (int) sends.integer("max", COUNT, d.sendLimit()),
                Duration.ofSeconds(sends.integer("window", SECONDS, d.sendLimitWindow().toSeconds())));
    }
}
