package dev.authstash;

import dev.authstash.client.ClientIpResolver;
import dev.authstash.client.ProxyDoctor;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.metrics.MetricsListener;
import dev.authstash.ratelimit.HeaderAuthenticator;
import dev.authstash.ratelimit.HeaderKeys;
import dev.authstash.ratelimit.KeyResolver;
import dev.authstash.ratelimit.MemoryRateLimitStore;
import dev.authstash.ratelimit.RateLimitHooks;
import dev.authstash.ratelimit.RateLimitStore;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.ratelimit.RuleSelector;
import dev.authstash.ratelimit.StorageRateLimitStore;
import dev.authstash.session.SessionDatabase;
import dev.authstash.session.SessionStore;
import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.Storages;
import dev.authstash.token.OneTimeTokens;
import dev.authstash.web.RequestGate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything authstash builds from one configuration: storage, rate limiter, client identity, sessions,
 * one-time values and the request gate the adapters use. Create one per application and close it on
 * shutdown (it owns the Redis pools unless the storage was supplied). Thread-safe.
 */
public final class Authstash implements AutoCloseable {
    private final AuthstashConfig config;
    private final SecondaryStorage storage;
    private final boolean ownsStorage;
    private final RateLimitStore rateLimitStore;
    private final RateLimiter rateLimiter;
    private final ClientIpResolver clientIps;
    private final ProxyDoctor doctor;
    private final SessionStore sessions;
    private final OneTimeTokens oneTimeTokens;
    private final RequestGate gate;
    private final CircuitBreaker breaker;
    private final HeaderKeys headerKeys;
    private final SecondaryStorage guarded;
    private final dev.authstash.storage.Feed feed;
    private final dev.authstash.ratelimit.OverrideStore overrides;

    private Authstash(Builder b) {
        this.config = b.config;
        this.headerKeys = HeaderKeys.of(b.headerKeys);
        this.ownsStorage = b.storage == null;
        this.storage = ownsStorage ? storage(b.config.secondaryStorage(), b.env, b.redisTls) : b.storage;
        List<byte[]> otpKeys;
        try {
            otpKeys = OtpKey.from(b.secret, config.secrets(), b.env, !(storage instanceof MemoryStorage));
        } catch (RuntimeException e) {
            if (ownsStorage) {
                storage.close();
            }
            throw e;
        }
        this.breaker = new CircuitBreaker(config.circuitBreaker(), b.clock, b.metrics);
        this.guarded = breaker.guard(storage);
        this.rateLimitStore = rateLimitStore(config, storage, b.clock);
        this.rateLimiter = RateLimiter.create(config.basePath(), config.rateLimit(), rateLimitStore, b.clock,
                rateLimitStore instanceof MemoryRateLimitStore ? null : breaker, b.metrics,
                new RateLimitHooks(headerKeys, b.keyResolvers, b.ruleSelector));
        this.clientIps = new ClientIpResolver(config.ipAddress());
        this.doctor = new ProxyDoctor(clientIps, b.metrics);
        this.feed = dev.authstash.storage.Feed.over(storage);
        rateLimiter.attach(feed);
        this.overrides = new dev.authstash.ratelimit.OverrideStore(feed.storage(), rateLimiter,
                json -> dev.authstash.config.ConfigLoader.parseCustomRules(json, config.rateLimit().algorithm()),
                b.clock);
        feed.subscribe(overrides);
        overrides.load(); // overrides set before this instance started (a restart keeps them)
        this.sessions = new SessionStore(storage, b.sessionDatabase, config.session(), b.clock, breaker, b.metrics,
                feed);
        this.oneTimeTokens = new OneTimeTokens(guarded, config.oneTime(), otpKeys, b.metrics);
        b.metrics.circuitBreaker(breaker);
        this.gate = RequestGate.create(config, rateLimiter, clientIps, sessions, b.clock, otpKeys, doctor);
        feed.start();
    }

    /**
     * Builds everything from {@code config}; the storage is the one the config names, else the environment's
     * (Upstash REST, then {@code REDIS_URL}), else memory: see {@link Storages}.
     */
    public static Authstash create(AuthstashConfig config) {
        return builder(config).build();
    }

    public static Builder builder(AuthstashConfig config) {
        return new Builder(config);
    }

    /** The one rule of {@link Storages#fromEnvironment}: the configured storage, else the environment's, else memory. */
    private static SecondaryStorage storage(StorageSettings configured, Function<String, String> env,
                                            javax.net.ssl.SSLSocketFactory tls) {
        return Storages.create(Storages.withEnvironment(configured, env), tls);
    }

    private static RateLimitStore rateLimitStore(AuthstashConfig config, SecondaryStorage storage, Clock clock) {
        long maxKeys = config.secondaryStorage().memoryMaxEntries();
        if (!config.rateLimit().useSecondaryStorage() || storage instanceof MemoryStorage) {
            return new MemoryRateLimitStore(clock, maxKeys);
        }
        if (storage instanceof ScriptStorage redis) {
            return new RedisRateLimitStore(redis);
        }
        return new StorageRateLimitStore(storage, clock);
    }

    public AuthstashConfig config() {
        return config;
    }

    public SecondaryStorage storage() {
        return storage;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public ClientIpResolver clientIps() {
        return clientIps;
    }

    /**
     * The proxy doctor: what this instance has noticed about client addresses (forwarded headers from untrusted
     * peers, a shared bucket, unusable chains); reported in {@link #health()} and logged once per cause.
     */
    public ProxyDoctor proxyDoctor() {
        return doctor;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public OneTimeTokens oneTimeTokens() {
        return oneTimeTokens;
    }

    /** The circuit breaker between the secondary storage and everything above (rate limits, sessions, tokens). */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** The header authenticators registered with {@link Builder#headerKey}, for header rate-limit keys. */
    public HeaderKeys headerKeys() {
        return headerKeys;
    }

    /**
     * Probes the secondary storage with one read through the circuit breaker (bounded by the socket timeout; while
     * the circuit is open it fails fast without touching the storage) and reports it, with the proxy doctor's
     * findings ({@link Health#degraded()} when there are any). Never throws a storage error.
     */
    public Health health() {
        boolean up;
        try {
            guarded.get("health-probe");
            up = true;
        } catch (RuntimeException e) {
            up = false;
        }
        return new Health(up, backend(), breaker.state(), breaker.lastFailure(), sessions.revocationChannel(),
                doctor.findings());
    }

    private String backend() {
        if (storage instanceof MemoryStorage) {
            return "memory";
        }
        if (storage instanceof RedisStorage) {
            return config.secondaryStorage().clusterNodes().isEmpty() ? "redis" : "redis-cluster";
        }
        String name = storage.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith("storage") && name.length() > 7 ? name.substring(0, name.length() - 7) : name;
    }

    /**
     * Unlocks an account for support staff (and after a successful password reset or OTP sign-in): resets the
     * failure counters of every rate-limit rule that counts answers ({@code "count"}) and is keyed on the account
     * alone ({@code account}, {@code body:<field>}), for {@code identifier} in {@link Identifiers#canonical} form.
     * Each counter is reset in one atomic storage call (memory, Redis, Cluster, Upstash), its reservations with it;
     * this instance's block cache forgets the key, other instances' block caches may refuse it until their cached
     * refusal ends (see {@code docs/security.md}). Device buckets are not reset.
     *
     * @return the number of counters reset (0 when rate limiting is disabled)
     * @throws IllegalArgumentException when {@code identifier} is empty in canonical form
     * @throws dev.authstash.storage.StorageException when storage fails (counters not yet reset stay as they were)
     */
    public int unlock(String identifier) {
        String canonical = Identifiers.canonical(Objects.requireNonNull(identifier, "identifier"));
        if (canonical.isEmpty()) {
            throw new IllegalArgumentException("identifier is empty in canonical form");
        }
        return rateLimiter.unlock(canonical);
    }

    /**
     * The state of rate-limit rule {@code rule} for {@code key}, read in one atomic storage call without counting:
     * requests left, when the quota is whole again, until when the key is refused (null when it is not). {@code rule}
     * is the id of a rule in force (a custom rule's glob, {@code glob#2} for its second rule, or {@code default} for
     * the global rule); {@code key} the value the rule is keyed on — the client IP (an IPv6 client as its group,
     * {@code 2001:db8::/64}), the account identifier ({@code account}, {@code body:<field>}; canonical form is
     * applied), the user id, or for a combined key ({@code ip+body:email}) the values of its parts in order separated
     * by a line feed.
     *
     * @throws IllegalArgumentException for an unknown rule or an empty key
     * @throws dev.authstash.storage.StorageException when storage fails
     */
    public dev.authstash.ratelimit.RateLimitState rateLimitState(String rule, String key) {
        return rateLimiter.state(rule, key);
    }

    /**
     * Resets rate-limit rule {@code rule}'s counter for {@code key} (as {@link #rateLimitState}) and the reservations
     * on it, in one atomic storage call; this instance's block cache forgets the key at once, every other instance's
     * at its next feed poll (within about 250 ms; Redis and Upstash REST). To lift every failure rule of an account
     * at once, use {@link #unlock}.
     *
     * @return the key's hash (as in {@link #blockedKeys})
     * @throws IllegalArgumentException for an unknown rule or an empty key
     * @throws dev.authstash.storage.StorageException when storage fails (retrying is harmless)
     */
    public String resetRateLimit(String rule, String key) {
        return rateLimiter.reset(rule, key);
    }

    /**
     * Keys refused now by any rule, latest-ending first, at most {@code max}: rule id, the key's hash (never the IP
     * or identifier) and the end of the refusal. The storage keeps at most
     * {@value dev.authstash.ratelimit.RedisRateLimitStore#BLOCKED_MAX} of them (those ending soonest are dropped
     * first, so a client getting many keys blocked cannot grow it). One storage call.
     *
     * @throws dev.authstash.storage.StorageException when storage fails
     */
    public List<dev.authstash.ratelimit.BlockedKey> blockedKeys(int max) {
        return rateLimiter.blocked(max);
    }

    /** The rate-limit rule overrides in force on this instance (version 0 and no rules when never set). */
    public dev.authstash.ratelimit.RuleOverrides ruleOverrides() {
        return overrides.current();
    }

    /**
     * Replaces the rate-limit rule overrides, on every instance: {@code customRules} is a document shaped like
     * {@code rateLimit.customRules} (route glob → rule, array of rules or {@code false}), checked exactly as the
     * configuration file (messages name the JSON path under {@code rateLimit.customRules}) and refused whole when
     * invalid. Its globs replace the file's rules for the same globs, or add to them; the file's other rules stay.
     * Compare-and-set: {@code expectedVersion} is the version read with {@link #ruleOverrides} (0 the first time),
     * so of two operators setting at once one wins and the other gets a conflict. Stored in the shared storage
     * (kept across restarts), applied here at once and on every other instance within about 250 ms; logged at INFO
     * on each with the version and {@code actor}.
     *
     * @return the overrides now in force, with their new version
     * @throws dev.authstash.config.ConfigException when the document is invalid (nothing changed)
     * @throws IllegalArgumentException when a rule cannot run (an unregistered header or resolver key)
     * @throws dev.authstash.ratelimit.RuleOverridesConflictException when the version is no longer
     *         {@code expectedVersion}
     * @throws dev.authstash.storage.StorageException when storage fails
     */
    public dev.authstash.ratelimit.RuleOverrides setRuleOverrides(String customRules, long expectedVersion,
                                                                  String actor) {
        return overrides.set(Objects.requireNonNull(customRules, "customRules"), expectedVersion, actor);
    }

    /**
     * Removes the rate-limit rule overrides on every instance: the configuration file's rules are in force again
     * (a new version, compare-and-set as {@link #setRuleOverrides}).
     */
    public dev.authstash.ratelimit.RuleOverrides removeRuleOverrides(long expectedVersion, String actor) {
        return overrides.set(null, expectedVersion, actor);
    }

    /** The checks the adapters run on each request. */
    public RequestGate gate() {
        return gate;
    }

    @Override
    public void close() {
        feed.close();
        sessions.close();
        rateLimitStore.close();
        if (ownsStorage) {
            storage.close();
        }
    }

    /** Options beyond the configuration document. */
    public static final class Builder {
        private final AuthstashConfig config;
        private SecondaryStorage storage;
        private javax.net.ssl.SSLSocketFactory redisTls;
        private SessionDatabase sessionDatabase;
        private Clock clock = Clock.systemUTC();
        private Function<String, String> env = System::getenv;
        private String secret;
        private final Map<String, HeaderAuthenticator> headerKeys = new LinkedHashMap<>();
        private MetricsListener metrics = MetricsListener.NONE;
        private final Map<String, KeyResolver> keyResolvers = new LinkedHashMap<>();
        private RuleSelector ruleSelector;

        private Builder(AuthstashConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** A storage of your own (e.g. {@code FunctionStorage}); you close it. */
        public Builder storage(SecondaryStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The TLS sockets for a {@code rediss://} url (standalone or Cluster) of the configured storage, e.g. from a
         * trust store of the application's own (the starter: {@code spring.data.redis.ssl.bundle}); default the JVM's
         * (its trust store, host name checked).
         */
        public Builder redisTls(javax.net.ssl.SSLSocketFactory factory) {
            this.redisTls = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** The primary-database copy of sessions; required when {@code session.storeSessionInDatabase}. */
        public Builder sessionDatabase(SessionDatabase database) {
            this.sessionDatabase = Objects.requireNonNull(database, "database");
            return this;
        }

        /** Time source of in-process decisions, sessions and the circuit breaker's open period, for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Environment lookup (default {@code System::getenv}), for {@code UPSTASH_REDIS_REST_URL},
         * {@code UPSTASH_REDIS_REST_TOKEN} and {@code REDIS_URL}.
         */
        public Builder environment(Function<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /**
         * The application secret that keys OTP hashes, at least 32 characters, the same on every instance; several
         * separated by commas for rotation (the first signs, all verify). Required unless the storage is in memory.
         * Default: the configuration's {@code secret}, else the {@code AUTHSTASH_SECRET} environment variable.
         */
        public Builder secret(String secret) {
            this.secret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * Lets rate limits key on {@code header} (e.g. {@code X-Api-Key}, {@code @RateLimit(key = HEADER)}): only
         * values {@code authenticator} vouches for choose a bucket, the bucket of the principal it returns; other
         * requests use the client-IP bucket. Without one, header keys are the client IP.
         */
        public Builder headerKey(String header, HeaderAuthenticator authenticator) {
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException("header name must not be blank");
            }
            headerKeys.put(header.strip(), Objects.requireNonNull(authenticator, "authenticator"));
            return this;
        }

        /**
         * Where decisions, storage calls, session lookups and one-time outcomes are reported (default: nowhere),
         * e.g. {@code new MicrometerMetrics(registry)}.
         */
        public Builder metrics(MetricsListener metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The key part {@code resolver:<name>} of rate-limit rules: a value the application vouches for. */
        public Builder keyResolver(String name, KeyResolver resolver) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("resolver name must not be blank");
            }
            keyResolvers.put(name.strip(), Objects.requireNonNull(resolver, "resolver"));
            return this;
        }

        /** Picks the rate-limit rules of each request in code (plans, tenants); see {@link RuleSelector}. */
        public Builder ruleSelector(RuleSelector selector) {
            this.ruleSelector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        public Authstash build() {
            return new Authstash(this);
        }
    }
}
