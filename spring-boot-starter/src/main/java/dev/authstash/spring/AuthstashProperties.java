package dev.authstash.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code authstash.*}: the keys of the JSON configuration ({@code docs/configuration.md}) under the same names
 * (kebab-case or camelCase), validated by core with the same messages, prefixed {@code authstash.}. An unset key
 * takes core's default. Durations are whole seconds unless the name ends in {@code Millis}.
 */
@ConfigurationProperties(prefix = "authstash")
public class AuthstashProperties {
    /** Whether the starter configures authstash at all. */
    private boolean enabled = true;
    /** A JSON configuration ({@code classpath:} or a file path) used instead of the other authstash.* keys. */
    private String configLocation;
    /** JSON secret: at least 32 characters, comma-separated for rotation. Default: AUTHSTASH_SECRET. */
    private String secret;
    /** JSON baseURL: the app's public URL, e.g. https://app.example.com. Default "" (the request's origin). */
    private String baseUrl;
    /** JSON trustedOrigins: origins or globs trusted by the cross-site check. */
    private List<String> trustedOrigins;
    /** Path prefix of the auth routes, e.g. /api/auth; "" for none. Default "". */
    private String basePath;
    private final SecondaryStorage secondaryStorage = new SecondaryStorage();
    private final RateLimit rateLimit = new RateLimit();
    private final Advanced advanced = new Advanced();
    private final Session session = new Session();
    private final EmailOtp emailOtp = new EmailOtp();
    private final EmailAndPassword emailAndPassword = new EmailAndPassword();
    private final EmailVerification emailVerification = new EmailVerification();
    private final Filters filters = new Filters();
    private final SpringSecurity springSecurity = new SpringSecurity();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getConfigLocation() { return configLocation; }
    public void setConfigLocation(String configLocation) { this.configLocation = configLocation; }
    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }
    /** JSON {@code baseURL}. */
    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
    public List<String> getTrustedOrigins() { return trustedOrigins; }
    public void setTrustedOrigins(List<String> trustedOrigins) { this.trustedOrigins = trustedOrigins; }
    public String getBasePath() { return basePath; }
    public void setBasePath(String basePath) { this.basePath = basePath; }
    public SecondaryStorage getSecondaryStorage() { return secondaryStorage; }
    public RateLimit getRateLimit() { return rateLimit; }
    public Advanced getAdvanced() { return advanced; }
    public Session getSession() { return session; }
    /** JSON {@code emailOTP}. */
    public EmailOtp getEmailOtp() { return emailOtp; }
    public EmailAndPassword getEmailAndPassword() { return emailAndPassword; }
    public EmailVerification getEmailVerification() { return emailVerification; }
    public Filters getFilters() { return filters; }
    public SpringSecurity getSpringSecurity() { return springSecurity; }

    /** JSON {@code secondaryStorage}. Unset url and clusterNodes: spring.data.redis.*, else REDIS_URL, else memory. */
    public static class SecondaryStorage {
        /** redis://[user:password@]host[:port][/db] or rediss://…; "" = in memory. */
        private String url;
        /** Redis Cluster seeds as host:port. */
        private List<String> clusterNodes;
        /** Prepended to every key. Default "authstash:". */
        private String keyPrefix;
        /** Connections per node. Default 200. */
        private Integer poolSize;
        /** Milliseconds. Default 500. */
        private Long connectTimeoutMillis;
        /** Milliseconds per command. Default 1000. */
        private Long socketTimeoutMillis;
        /** Milliseconds: longest wait for a pooled connection, then 503 (back-pressure). Default 1000. */
        private Long poolWaitMillis;
        /** Entries of the in-memory store. Default 100000. */
        private Long memoryMaxEntries;
        private final CircuitBreaker circuitBreaker = new CircuitBreaker();
        private final Upstash upstash = new Upstash();
        private final Sentinel sentinel = new Sentinel();

        public Upstash getUpstash() { return upstash; }
        public Sentinel getSentinel() { return sentinel; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public List<String> getClusterNodes() { return clusterNodes; }
        public void setClusterNodes(List<String> clusterNodes) { this.clusterNodes = clusterNodes; }
        public String getKeyPrefix() { return keyPrefix; }
        public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
        public Integer getPoolSize() { return poolSize; }
        public void setPoolSize(Integer poolSize) { this.poolSize = poolSize; }
        public Long getConnectTimeoutMillis() { return connectTimeoutMillis; }
        public void setConnectTimeoutMillis(Long millis) { this.connectTimeoutMillis = millis; }
        public Long getSocketTimeoutMillis() { return socketTimeoutMillis; }
        public void setSocketTimeoutMillis(Long millis) { this.socketTimeoutMillis = millis; }
        public Long getPoolWaitMillis() { return poolWaitMillis; }
        public void setPoolWaitMillis(Long millis) { this.poolWaitMillis = millis; }
        public Long getMemoryMaxEntries() { return memoryMaxEntries; }
        public void setMemoryMaxEntries(Long entries) { this.memoryMaxEntries = entries; }
        public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }
    }

    /** JSON {@code secondaryStorage.upstash}: Upstash over its REST API (excludes url and cluster-nodes). */
    public static class Upstash {
        /** REST URL, https://...; with token. */
        private String url;
        /** REST token, never logged. */
        private String token;
        /** base64 or none. Default base64. */
        private String responseEncoding;
        /** Milliseconds. Default 1000. */
        private Long connectTimeoutMillis;
        /** Milliseconds for one whole request. Default 1000. */
        private Long requestTimeoutMillis;
        /** Retries of idempotent reads, 0-5. */
        private Integer readRetries;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public String getResponseEncoding() { return responseEncoding; }
        public void setResponseEncoding(String encoding) { this.responseEncoding = encoding; }
        public Long getConnectTimeoutMillis() { return connectTimeoutMillis; }
        public void setConnectTimeoutMillis(Long millis) { this.connectTimeoutMillis = millis; }
        public Long getRequestTimeoutMillis() { return requestTimeoutMillis; }
        public void setRequestTimeoutMillis(Long millis) { this.requestTimeoutMillis = millis; }
        public Integer getReadRetries() { return readRetries; }
        public void setReadRetries(Integer readRetries) { this.readRetries = readRetries; }
    }

    /** JSON {@code secondaryStorage.sentinel}: Redis Sentinel (excludes url, cluster-nodes and upstash). */
    public static class Sentinel {
        /** The master's name as the sentinels monitor it; with nodes. */
        private String masterName;
        /** Sentinels as host:port. */
        private List<String> nodes;
        /** ACL user of the master and replicas. */
        private String user;
        /** Password of the master and replicas. */
        private String password;
        /** Password of the sentinels themselves. */
        private String sentinelPassword;
        /** Database index on the master. Default 0. */
        private Integer database;

        public String getMasterName() { return masterName; }
        public void setMasterName(String masterName) { this.masterName = masterName; }
        public List<String> getNodes() { return nodes; }
        public void setNodes(List<String> nodes) { this.nodes = nodes; }
        public String getUser() { return user; }
        public void setUser(String user) { this.user = user; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getSentinelPassword() { return sentinelPassword; }
        public void setSentinelPassword(String password) { this.sentinelPassword = password; }
        public Integer getDatabase() { return database; }
        public void setDatabase(Integer database) { this.database = database; }
    }

    /** JSON {@code session.cookieCache}. */
    public static class CookieCache {
        /** Answer session lookups from a signed cookie without storage, up to max-age. Default false. */
        private Boolean enabled;
        /** Seconds: lifetime of the cache cookie, the staleness bound. Default 300. */
        private Long maxAge;
        /** compact (signed; whoever holds the cookie reads the session) or jwe (encrypted). Default compact. */
        private String strategy;
        /** Part of the cache cookie's key: changing it invalidates every cache cookie at once. Default 1. */
        private String version;

        public Boolean getEnabled() { return enabled; }
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }
        public Long getMaxAge() { return maxAge; }
        public void setMaxAge(Long maxAge) { this.maxAge = maxAge; }
        public String getStrategy() { return strategy; }
        public void setStrategy(String strategy) { this.strategy = strategy; }
        public String getVersion() { return version; }
        public void setVersion(String version) { this.version = version; }
    }

    /** JSON {@code secondaryStorage.circuitBreaker}. */
    public static class CircuitBreaker {
        /** Consecutive storage failures that open the circuit, 1-1000. Default 3. */
        private Long failureThreshold;
        /** Seconds the circuit stays open between probes, 1-3600. Default 1. */
        private Long openSeconds;

        public Long getFailureThreshold() { return failureThreshold; }
        public void setFailureThreshold(Long failureThreshold) { this.failureThreshold = failureThreshold; }
        public Long getOpenSeconds() { return openSeconds; }
        public void setOpenSeconds(Long openSeconds) { this.openSeconds = openSeconds; }
    }

    /** JSON {@code rateLimit}. */
    public static class RateLimit {
        /** Default true. */
        private Boolean enabled;
        /** Seconds of the global rule's window. Default 10. */
        private Long window;
        /** Requests per window of the global rule. Default 100. */
        private Long max;
        /** fixed-window, sliding-window or token-bucket. Default fixed-window. */
        private String algorithm;
        /** secondary-storage or memory. Default secondary-storage. */
        private String storage;
        /** Route glob (in brackets in properties: custom-rules[/sign-in/email].max=5) to its rule. */
        private Map<String, Rule> customRules = new LinkedHashMap<>();
        /** local, allow or deny. Default local. */
        private String onStorageError;
        /** Whether CORS OPTIONS requests count. Default false. */
        private Boolean limitPreflight;
        /** IPs/CIDRs never limited. */
        private List<String> allow;
        /** IPs/CIDRs answered 403 on every request. */
        private List<String> deny;
        /** Better Auth's default rules on paths no custom rule names. Default true. */
        private Boolean defaultRules;
        /** With Redis: refuse a key Redis refused locally until its retry time. Default true. */
        private Boolean blockCache;

        public Boolean getEnabled() { return enabled; }
        public void setEnabled(Boolean enabled) { this.enabled = enabled; }
        public Long getWindow() { return window; }
        public void setWindow(Long window) { this.window = window; }
        public Long getMax() { return max; }
        public void setMax(Long max) { this.max = max; }
        public String getAlgorithm() { return algorithm; }
        public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
        public String getStorage() { return storage; }
        public void setStorage(String storage) { this.storage = storage; }
        public Map<String, Rule> getCustomRules() { return customRules; }
        public void setCustomRules(Map<String, Rule> customRules) { this.customRules = customRules; }
        public String getOnStorageError() { return onStorageError; }
        public void setOnStorageError(String onStorageError) { this.onStorageError = onStorageError; }
        public Boolean getLimitPreflight() { return limitPreflight; }
        public void setLimitPreflight(Boolean limitPreflight) { this.limitPreflight = limitPreflight; }
        public List<String> getAllow() { return allow; }
        public void setAllow(List<String> allow) { this.allow = allow; }
        public List<String> getDeny() { return deny; }
        public void setDeny(List<String> deny) { this.deny = deny; }
        public Boolean getDefaultRules() { return defaultRules; }
        public void setDefaultRules(Boolean defaultRules) { this.defaultRules = defaultRules; }
        public Boolean getBlockCache() { return blockCache; }
        public void setBlockCache(Boolean blockCache) { this.blockCache = blockCache; }
    }

    /**
     * One entry of {@code rateLimit.customRules}; {@code limited: false} is JSON's {@code false}. Several rules on one
     * route (a JSON array) need {@code authstash.config-location}.
     */
    public static class Rule {
        /** Seconds. */
        private Long window;
        private Long max;
        /** Default: rateLimit.algorithm. */
        private String algorithm;
        /** false = the route is never limited (JSON false). Default true. */
        private boolean limited = true;
        /** ip, user, body:field, header:name, resolver:name, or a combination joined by +. Default ip. */
        private String key;
        /** Upper-case HTTP methods the rule applies to. Default all. */
        private List<String> methods;
        /** all, failures, or HTTP statuses such as 401,403. Default all. */
        private List<String> count;

        public Long getWindow() { return window; }
        public void setWindow(Long window) { this.window = window; }
        public Long getMax() { return max; }
        public void setMax(Long max) { this.max = max; }
        public String getAlgorithm() { return algorithm; }
        public void setAlgorithm(String algorithm) { this.algorithm = algorithm; }
        public boolean isLimited() { return limited; }
        public void setLimited(boolean limited) { this.limited = limited; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public List<String> getMethods() { return methods; }
        public void setMethods(List<String> methods) { this.methods = methods; }
        public List<String> getCount() { return count; }
        public void setCount(List<String> count) { this.count = count; }
    }

    /** JSON {@code advanced}. */
    public static class Advanced {
        private final IpAddress ipAddress = new IpAddress();
        /** Always Secure and __Secure- for the session cookie. Default false. */
        private Boolean useSecureCookies;

        public IpAddress getIpAddress() { return ipAddress; }
        public Boolean getUseSecureCookies() { return useSecureCookies; }
        public void setUseSecureCookies(Boolean useSecureCookies) { this.useSecureCookies = useSecureCookies; }
    }

    /** JSON {@code advanced.ipAddress}. */
    public static class IpAddress {
        /** IPs and CIDRs of proxies whose forwarding headers are believed. */
        private List<String> trustedProxies;
        /** Prefix length grouping IPv6 clients, 1-128. Default 64. */
        private Integer ipv6Subnet;
        /** Headers read, in order, from a trusted proxy. Default x-forwarded-for. */
        private List<String> ipAddressHeaders;
        /** No client IP: IP-keyed rate limits do not apply. Default false. */
        private Boolean disableIpTracking;

        public List<String> getTrustedProxies() { return trustedProxies; }
        public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
        public Integer getIpv6Subnet() { return ipv6Subnet; }
        public void setIpv6Subnet(Integer ipv6Subnet) { this.ipv6Subnet = ipv6Subnet; }
        public List<String> getIpAddressHeaders() { return ipAddressHeaders; }
        public void setIpAddressHeaders(List<String> headers) { this.ipAddressHeaders = headers; }
        public Boolean getDisableIpTracking() { return disableIpTracking; }
        public void setDisableIpTracking(Boolean disable) { this.disableIpTracking = disable; }
    }

    /** JSON {@code session}. */
    public static class Session {
        /** Seconds. Default 604800 (7 days). */
        private Long expiresIn;
        /** Seconds. Default 86400 (1 day). */
        private Long updateAge;
        /** Keep a copy of sessions in the application's DataSource. Default false. */
        private Boolean storeSessionInDatabase;
        /** Keep revoked rows (needs storeSessionInDatabase). Default false. */
        private Boolean preserveSessionInDatabase;
        /** Default authstash.session_token. */
        private String cookieName;
        /** Default authstash_session. */
        private String tableName;
        /** Route globs that need a session. */
        private List<String> protectedPaths;
        /** At most this many live sessions per user; one more evicts the oldest. Default 1000. */
        private Integer maximumSessions;
        /** Seconds after sign-in during which a session is fresh; 0 = always. Default 86400 (1 day). */
        private Long freshAge;
        /** Route globs that need a fresh session (403 when stale). */
        private List<String> freshPaths;
        /** GET, HEAD and OPTIONS never refresh (write) a session. Default false. */
        private Boolean deferSessionRefresh;
        private final CookieCache cookieCache = new CookieCache();

        public CookieCache getCookieCache() { return cookieCache; }

        public Long getExpiresIn() { return expiresIn; }
        public void setExpiresIn(Long expiresIn) { this.expiresIn = expiresIn; }
        public Long getUpdateAge() { return updateAge; }
        public void setUpdateAge(Long updateAge) { this.updateAge = updateAge; }
        public Boolean getStoreSessionInDatabase() { return storeSessionInDatabase; }
        public void setStoreSessionInDatabase(Boolean store) { this.storeSessionInDatabase = store; }
        public Boolean getPreserveSessionInDatabase() { return preserveSessionInDatabase; }
        public void setPreserveSessionInDatabase(Boolean preserve) { this.preserveSessionInDatabase = preserve; }
        public String getCookieName() { return cookieName; }
        public void setCookieName(String cookieName) { this.cookieName = cookieName; }
        public String getTableName() { return tableName; }
        public void setTableName(String tableName) { this.tableName = tableName; }
        public List<String> getProtectedPaths() { return protectedPaths; }
        public void setProtectedPaths(List<String> protectedPaths) { this.protectedPaths = protectedPaths; }
        public Integer getMaximumSessions() { return maximumSessions; }
        public void setMaximumSessions(Integer maximum) { this.maximumSessions = maximum; }
        public Long getFreshAge() { return freshAge; }
        public void setFreshAge(Long freshAge) { this.freshAge = freshAge; }
        public List<String> getFreshPaths() { return freshPaths; }
        public void setFreshPaths(List<String> freshPaths) { this.freshPaths = freshPaths; }
        public Boolean getDeferSessionRefresh() { return deferSessionRefresh; }
        public void setDeferSessionRefresh(Boolean defer) { this.deferSessionRefresh = defer; }
    }

    /** JSON {@code emailOTP}. */
    public static class EmailOtp {
        /** Digits, 4-10. Default 6. */
        private Integer otpLength;
        /** Seconds. Default 300. */
        private Long expiresIn;
        /** Default 3. */
        private Integer allowedAttempts;

        public Integer getOtpLength() { return otpLength; }
        public void setOtpLength(Integer otpLength) { this.otpLength = otpLength; }
        public Long getExpiresIn() { return expiresIn; }
        public void setExpiresIn(Long expiresIn) { this.expiresIn = expiresIn; }
        public Integer getAllowedAttempts() { return allowedAttempts; }
        public void setAllowedAttempts(Integer allowedAttempts) { this.allowedAttempts = allowedAttempts; }

        /**
         * Wrong guesses per identifier across all its codes (a new code does not reset it); once spent even the right
         * code is refused until the window ends. Default 10 per 3600 seconds.
         */
        private final OtpLimit guessBudget = new OtpLimit();
        /** Codes issued per identifier; over it a send is refused (429 in the sample). Default 5 per 3600 seconds. */
        private final OtpLimit sendLimit = new OtpLimit();

        public OtpLimit getGuessBudget() { return guessBudget; }
        public OtpLimit getSendLimit() { return sendLimit; }
    }

    /** JSON {@code emailOTP.guessBudget} and {@code emailOTP.sendLimit}. */
    public static class OtpLimit {
        /** Count per window, at least 1. */
        private Integer max;
        /** Seconds; the window opens with the first count. */
        private Long window;

        public Integer getMax() { return max; }
        public void setMax(Integer max) { this.max = max; }
        public Long getWindow() { return window; }
        public void setWindow(Long window) { this.window = window; }
    }

    /** JSON {@code emailAndPassword}. */
    public static class EmailAndPassword {
        /** Seconds. Default 3600. */
        private Long resetPasswordTokenExpiresIn;

        public Long getResetPasswordTokenExpiresIn() { return resetPasswordTokenExpiresIn; }
        public void setResetPasswordTokenExpiresIn(Long seconds) { this.resetPasswordTokenExpiresIn = seconds; }
    }

    /** JSON {@code emailVerification}. */
    public static class EmailVerification {
        /** Seconds. Default 3600. */
        private Long expiresIn;

        public Long getExpiresIn() { return expiresIn; }
        public void setExpiresIn(Long expiresIn) { this.expiresIn = expiresIn; }
    }

    /** The servlet filters the starter registers (not a JSON key). */
    public static class Filters {
        /** Whether to register the rate-limit and session filters. Default true. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** The bridge to Spring Security, when it is on the class path (not a JSON key). */
    public static class SpringSecurity {
        /**
         * Whether authstash sessions are Spring Security's security context (principal = user id) and bad-credentials
         * events count as failed answers. Default true.
         */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }
}
