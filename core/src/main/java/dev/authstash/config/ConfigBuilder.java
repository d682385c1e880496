package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import java.util.List;
import java.util.Locale;

/**
 * Fail-fast builder of {@link AuthstashConfig}: every setter changes this builder and returns it, so calls may
 * be chained or written as statements. A bad value is rejected at once with the same {@link ConfigException}
 * text as the JSON option of the same name, and leaves the builder unchanged. Options that depend on each other
 * are checked by {@link #build()}, which returns an immutable configuration; the builder may be changed and
 * built again. Not thread-safe. Durations are in seconds unless the name says otherwise.
 */
public final class ConfigBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode tree;

    ConfigBuilder() {
        this.tree = NODES.objectNode();
    }

    /** {@code basePath}: {@code ""} or e.g. {@code /api/auth}. */
    public ConfigBuilder basePath(String basePath) { return set(text(basePath), "basePath"); }

    /** {@code secondaryStorage.url}: {@code redis://…} or {@code rediss://…}; {@code ""} = in memory. */
    public ConfigBuilder redisUrl(String url) { return set(text(url), "secondaryStorage", "url"); }

    /** {@code secondaryStorage.clusterNodes}: Redis Cluster seeds as {@code host:port}. */
    public ConfigBuilder clusterNodes(String... nodes) { return set(texts(nodes), "secondaryStorage", "clusterNodes"); }

    public ConfigBuilder clusterNodes(List<String> nodes) { return clusterNodes(array(nodes)); }

    /**
     * {@code secondaryStorage.upstash}: Upstash REST at {@code url} ({@code https://…}) with {@code token}; the
     * other keys ({@code responseEncoding}, timeouts, {@code readRetries}) keep their defaults.
     */
    public ConfigBuilder upstash(String url, String token) {
        return merge(NODES.objectNode().put("url", url).put("token", token), "secondaryStorage", "upstash");
    }

    /**
     * {@code secondaryStorage.sentinel}: Redis behind Sentinel, master {@code masterName}, sentinels as
     * {@code host:port}; credentials ({@code user}, {@code password}, {@code sentinelPassword}) through JSON or a
     * {@code redis-sentinel://} url.
     */
    public ConfigBuilder sentinel(String masterName, String... nodes) {
        ObjectNode sentinel = NODES.objectNode().put("masterName", masterName);
        sentinel.set("nodes", texts(nodes));
        return merge(sentinel, "secondaryStorage", "sentinel");
    }

    public ConfigBuilder keyPrefix(String prefix) { return set(text(prefix), "secondaryStorage", "keyPrefix"); }

    public ConfigBuilder poolSize(int size) { return set(LongNode.valueOf(size), "secondaryStorage", "poolSize"); }

    public ConfigBuilder connectTimeoutMillis(long millis) {
        return set(LongNode.valueOf(millis), "secondaryStorage", "connectTimeoutMillis");
    }

    public ConfigBuilder socketTimeoutMillis(long millis) {
        return set(LongNode.valueOf(millis), "secondaryStorage", "socketTimeoutMillis");
    }

    /** {@code secondaryStorage.poolWaitMillis}: longest wait for a pooled Redis connection, then 503 (back-pressure). */
    public ConfigBuilder poolWaitMillis(long millis) {
        return set(LongNode.valueOf(millis), "secondaryStorage", "poolWaitMillis");
    }

    public ConfigBuilder memoryMaxEntries(long entries) {
        return set(LongNode.valueOf(entries), "secondaryStorage", "memoryMaxEntries");
    }

    /**
     * {@code secondaryStorage.circuitBreaker}: {@code failureThreshold} consecutive failures (1–1000) open the
     * circuit for {@code openSeconds} (1–3600) between probes.
     */
    public ConfigBuilder circuitBreaker(int failureThreshold, long openSeconds) {
        ObjectNode breaker = NODES.objectNode().put("failureThreshold", failureThreshold).put("openSeconds", openSeconds);
        return merge(breaker, "secondaryStorage", "circuitBreaker");
    }

    public ConfigBuilder rateLimitEnabled(boolean enabled) { return set(BooleanNode.valueOf(enabled), "rateLimit", "enabled"); }

    /** The global rule: {@code max} requests per {@code windowSeconds}. */
    public ConfigBuilder rateLimit(long windowSeconds, long max) {
        return merge(NODES.objectNode().put("window", windowSeconds).put("max", max), "rateLimit");
    }

    public ConfigBuilder rateLimitAlgorithm(Algorithm algorithm) {
        return set(text(algorithm == null ? null : algorithm.configName()), "rateLimit", "algorithm");
    }

    /** {@code rateLimit.storage}: {@code "secondary-storage"} or {@code "memory"}. */
    public ConfigBuilder rateLimitStorage(String storage) { return set(text(storage), "rateLimit", "storage"); }

    /** A custom rule, after those already added; its algorithm is the global one. */
    public ConfigBuilder customRule(String glob, long windowSeconds, long max) {
        return customRule(glob, windowSeconds, max, null);
    }

    /** A custom rule with its own algorithm ({@code null} = the global one). */
    public ConfigBuilder customRule(String glob, long windowSeconds, long max, Algorithm algorithm) {
        ObjectNode rule = NODES.objectNode().put("window", windowSeconds).put("max", max);
        if (algorithm != null) {
            rule.put("algorithm", algorithm.configName());
        }
        return addRule(glob, rule);
    }

    /**
     * Several rules on one route, all applied (JSON: an array). Each rule's window, max, algorithm, key, methods
     * and counted statuses are used; ids are derived from the glob ({@code glob}, {@code glob#2}, …).
     */
    public ConfigBuilder customRules(String glob, RateLimitRule... rules) {
        ArrayNode array = NODES.arrayNode();
        for (RateLimitRule r : rules) {
            ObjectNode rule = array.addObject().put("window", r.windowSeconds()).put("max", r.max())
                    .put("algorithm", r.algorithm().configName()).put("key", r.key().spec());
            if (!r.methods().isEmpty()) {
                r.methods().stream().sorted().forEach(rule.putArray("methods")::add);
            }
            if (r.countStatuses().equals(RateLimitRule.FAILURES)) {
                rule.put("count", "failures");
            } else if (r.countsAnswers()) {
                r.countStatuses().stream().sorted().forEach(rule.putArray("count")::add);
            }
        }
        return addRule(glob, array);
    }

    /** {@code rateLimit.allow}: IPs/CIDRs never limited. */
    public ConfigBuilder rateLimitAllow(String... cidrs) { return set(texts(cidrs), "rateLimit", "allow"); }

    /** {@code rateLimit.deny}: IPs/CIDRs answered 403. */
    public ConfigBuilder rateLimitDeny(String... cidrs) { return set(texts(cidrs), "rateLimit", "deny"); }

    /** {@code rateLimit.defaultRules}: Better Auth's default rules for paths no custom rule names (default on). */
    public ConfigBuilder defaultRateLimitRules(boolean on) {
        return set(BooleanNode.valueOf(on), "rateLimit", "defaultRules");
    }

    /** {@code rateLimit.blockCache}: refuse keys Redis refused locally until their retry time (default on). */
    public ConfigBuilder rateLimitBlockCache(boolean on) { return set(BooleanNode.valueOf(on), "rateLimit", "blockCache"); }

    /** A route that is never rate limited ({@code false} in JSON). */
    public ConfigBuilder neverLimit(String glob) { return addRule(glob, BooleanNode.FALSE); }

    public ConfigBuilder onStorageError(OnStorageError policy) {
        return set(text(policy == null ? null : policy.name().toLowerCase(Locale.ROOT)), "rateLimit", "onStorageError");
    }

    public ConfigBuilder limitPreflight(boolean limit) { return set(BooleanNode.valueOf(limit), "rateLimit", "limitPreflight"); }

    /** {@code advanced.ipAddress.trustedProxies}: IPs and CIDRs. */
    public ConfigBuilder trustedProxies(String... proxies) {
        return set(texts(proxies), "advanced", "ipAddress", "trustedProxies");
    }

    public ConfigBuilder trustedProxies(List<String> proxies) { return trustedProxies(array(proxies)); }

    /**
     * {@code advanced.ipAddress.ipAddressHeaders}: the headers read, in order, when the peer is a trusted proxy
     * (default {@code x-forwarded-for}); e.g. {@code "forwarded"} or {@code "cf-connecting-ip"}.
     */
    public ConfigBuilder ipAddressHeaders(String... headers) {
        return set(texts(headers), "advanced", "ipAddress", "ipAddressHeaders");
    }

    public ConfigBuilder ipAddressHeaders(List<String> headers) { return ipAddressHeaders(array(headers)); }

    /** {@code advanced.ipAddress.disableIpTracking}: no client IP, so IP-keyed rate limits do not apply. */
    public ConfigBuilder disableIpTracking(boolean disable) {
        return set(BooleanNode.valueOf(disable), "advanced", "ipAddress", "disableIpTracking");
    }

    public ConfigBuilder ipv6Subnet(int prefixLength) {
        return set(LongNode.valueOf(prefixLength), "advanced", "ipAddress", "ipv6Subnet");
    }

    public ConfigBuilder sessionExpiresIn(long seconds) { return set(LongNode.valueOf(seconds), "session", "expiresIn"); }

    public ConfigBuilder sessionUpdateAge(long seconds) { return set(LongNode.valueOf(seconds), "session", "updateAge"); }

    public ConfigBuilder storeSessionInDatabase(boolean store) {
        return set(BooleanNode.valueOf(store), "session", "storeSessionInDatabase");
    }

    public ConfigBuilder preserveSessionInDatabase(boolean preserve) {
        return set(BooleanNode.valueOf(preserve), "session", "preserveSessionInDatabase");
    }

    public ConfigBuilder sessionCookieName(String name) { return set(text(name), "session", "cookieName"); }

    public ConfigBuilder sessionTableName(String name) { return set(text(name), "session", "tableName"); }

    /**
     * {@code session.cookieCache}: answer lookups from a signed cookie for up to {@code maxAgeSeconds} without
     * storage; a session revoked elsewhere stays usable on that client for at most that long.
     */
    public ConfigBuilder sessionCookieCache(boolean enabled, long maxAgeSeconds) {
        set(BooleanNode.valueOf(enabled), "session", "cookieCache", "enabled");
        return set(LongNode.valueOf(maxAgeSeconds), "session", "cookieCache", "maxAge");
    }

    /** {@code session.cookieCache.strategy}: {@code "compact"} (signed) or {@code "jwe"} (encrypted). */
    public ConfigBuilder sessionCookieCacheStrategy(String strategy) {
        return set(TextNode.valueOf(strategy), "session", "cookieCache", "strategy");
    }

    /** {@code session.cookieCache.version}: changing it invalidates every cache cookie at once. */
    public ConfigBuilder sessionCookieCacheVersion(String version) {
        return set(TextNode.valueOf(version), "session", "cookieCache", "version");
    }

    /** {@code session.protectedPaths}: globs that need a valid session. */
    public ConfigBuilder protectedPaths(String... globs) { return set(texts(globs), "session", "protectedPaths"); }

    public ConfigBuilder protectedPaths(List<String> globs) { return protectedPaths(array(globs)); }

    /** {@code session.maximumSessions}: at most this many live sessions per user; one more evicts the oldest. */
    public ConfigBuilder maximumSessions(int maximum) {
        return set(LongNode.valueOf(maximum), "session", "maximumSessions");
    }

    /** {@code session.freshAge}: seconds after sign-in during which a session is fresh; 0 = always fresh. */
    public ConfigBuilder freshAge(long seconds) { return set(LongNode.valueOf(seconds), "session", "freshAge"); }

    /** {@code session.freshPaths}: globs that need a fresh session (403 when stale, 401 without one). */
    public ConfigBuilder freshPaths(String... globs) { return set(texts(globs), "session", "freshPaths"); }

    /** {@code session.deferSessionRefresh}: GET, HEAD and OPTIONS never refresh (write) a session. */
    public ConfigBuilder deferSessionRefresh(boolean defer) {
        return set(BooleanNode.valueOf(defer), "session", "deferSessionRefresh");
    }

    public ConfigBuilder otpLength(int digits) { return set(LongNode.valueOf(digits), "emailOTP", "otpLength"); }

    public ConfigBuilder otpExpiresIn(long seconds) { return set(LongNode.valueOf(seconds), "emailOTP", "expiresIn"); }

    public ConfigBuilder otpAllowedAttempts(int attempts) {
        return set(LongNode.valueOf(attempts), "emailOTP", "allowedAttempts");
    }

    /**
     * {@code emailOTP.guessBudget}: at most {@code max} wrong OTP guesses per identifier and purpose, across all its
     * codes, per {@code windowSeconds} (default 10 per 3600); once spent even the right code is refused.
     */
    public ConfigBuilder otpGuessBudget(int max, long windowSeconds) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("max", max);
        fields.put("window", windowSeconds);
        return merge(fields, "emailOTP", "guessBudget");
    }

    /** {@code emailOTP.sendLimit}: at most {@code max} OTPs issued per identifier and purpose per window (5 / 3600). */
    public ConfigBuilder otpSendLimit(int max, long windowSeconds) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put("max", max);
        fields.put("window", windowSeconds);
        return merge(fields, "emailOTP", "sendLimit");
    }

    public ConfigBuilder resetPasswordTokenExpiresIn(long seconds) {
        return set(LongNode.valueOf(seconds), "emailAndPassword", "resetPasswordTokenExpiresIn");
    }

    public ConfigBuilder emailVerificationExpiresIn(long seconds) {
        return set(LongNode.valueOf(seconds), "emailVerification", "expiresIn");
    }

    /** {@code baseURL}: the application's public URL, e.g. {@code https://app.example.com}; {@code ""} = none. */
    public ConfigBuilder baseURL(String url) { return set(text(url), "baseURL"); }

    /** {@code trustedOrigins}: origins or globs such as {@code https://*.example.com}. */
    public ConfigBuilder trustedOrigins(String... origins) { return set(texts(origins), "trustedOrigins"); }

    public ConfigBuilder trustedOrigins(List<String> origins) { return trustedOrigins(array(origins)); }

    /** {@code advanced.useSecureCookies}: always {@code Secure} and {@code __Secure-} for the session cookie. */
    public ConfigBuilder useSecureCookies(boolean secure) {
        return set(BooleanNode.valueOf(secure), "advanced", "useSecureCookies");
    }

    /** {@code secret}: at least 32 characters each; several separated by commas for rotation (the first signs). */
    public ConfigBuilder secret(String secret) { return set(text(secret), "secret"); }

    /** @throws ConfigException when options contradict each other, e.g. preserving sessions that are not stored */
    public AuthstashConfig build() {
        return ConfigReader.read(tree, true);
    }

    private ConfigBuilder addRule(String glob, JsonNode rule) {
        if (glob == null) {
            throw JsonPath.of("rateLimit.customRules").error("expected a route glob as key, got null");
        }
        JsonNode rules = tree.path("rateLimit").path("customRules");
        if (rules.has(glob)) {
            throw JsonPath.of("rateLimit.customRules").key(glob).error(
                    "expected each key once, got " + Values.quote(glob) + " twice");
        }
        return set(rule, "rateLimit", "customRules", glob);
    }

    /** Puts {@code value} at {@code keys} once a copy with it validates (except cross-option rules). */
    private ConfigBuilder set(JsonNode value, String... keys) {
        ObjectNode copy = tree.deepCopy();
        parent(copy, keys).set(keys[keys.length - 1], value);
        return accept(copy);
    }

    /** Sets every field of {@code fields} in the object at {@code keys}, all or none. */
    private ConfigBuilder merge(ObjectNode fields, String... keys) {
        ObjectNode copy = tree.deepCopy();
        JsonNode child = parent(copy, keys).get(keys[keys.length - 1]);
        ObjectNode target = child instanceof ObjectNode object ? object
                : parent(copy, keys).putObject(keys[keys.length - 1]);
        target.setAll(fields);
        return accept(copy);
    }

    private ConfigBuilder accept(ObjectNode candidate) {
        ConfigReader.read(candidate, false);
        tree.removeAll();
        tree.setAll(candidate);
        return this;
    }

    /** The object holding the last of {@code keys}, created as needed. */
    private static ObjectNode parent(ObjectNode root, String... keys) {
        ObjectNode parent = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = parent.get(keys[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(keys[i]);
        }
        return parent;
    }

    private static JsonNode text(String value) {
        return value == null ? NullNode.instance : TextNode.valueOf(value);
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static JsonNode texts(String... values) {
        if (values == null) {
            return NullNode.instance;
        }
        ArrayNode array = NODES.arrayNode(values.length);
        for (String value : values) {
            array.add(text(value));
        }
        return array;
    }
}
