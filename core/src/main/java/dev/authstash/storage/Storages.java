package dev.authstash.storage;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link SecondaryStorage}. The one rule, used by {@code Authstash} and the sample app: the storage the
 * configuration names ({@code secondaryStorage.url}, {@code clusterNodes}, {@code sentinel} or {@code upstash})
 * wins; when it names none, {@code UPSTASH_REDIS_REST_URL} + {@code UPSTASH_REDIS_REST_TOKEN} (both set) select
 * Upstash REST, else {@code REDIS_URL} selects Redis, else the storage is in memory.
 */
public final class Storages {
    private static final Logger LOG = LoggerFactory.getLogger(Storages.class);
    static final String REDIS_URL = "REDIS_URL";

    private Storages() {}

    /**
     * {@link UpstashStorage} or {@link RedisStorage} when the settings name one ({@link StorageSettings#usesRedis()}),
     * else a {@link MemoryStorage} of {@code memoryMaxEntries}, which is logged once at INFO.
     */
    public static SecondaryStorage create(StorageSettings settings) {
        return create(settings, null);
    }

    /** As {@link #create(StorageSettings)}, {@code rediss://} over {@code tls} ({@code null}: the JVM's default). */
    public static SecondaryStorage create(StorageSettings settings, javax.net.ssl.SSLSocketFactory tls) {
        if (settings.upstash() != null) {
            return UpstashStorage.create(settings.upstash(), settings.keyPrefix());
        }
        if (settings.usesRedis()) {
            return RedisStorage.create(settings, tls);
        }
        LOG.info("authstash secondary storage is in memory (at most {} entries), not shared between instances;"
                + " set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL, to share it",
                settings.memoryMaxEntries());
        return new MemoryStorage(settings.memoryMaxEntries());
    }

    /** {@link #create} of {@link #withEnvironment}: the configured storage, else the environment's, else memory. */
    public static SecondaryStorage fromEnvironment(StorageSettings base, Function<String, String> env) {
        return create(withEnvironment(base, env));
    }

    /**
     * {@code base} when it names a storage; else with Upstash from {@code UPSTASH_REDIS_REST_URL} and
     * {@code UPSTASH_REDIS_REST_TOKEN} when both are set, else with {@code REDIS_URL} as url when set.
     *
     * @throws IllegalArgumentException naming the variable whose value is malformed
     */
    public static StorageSettings withEnvironment(StorageSettings base, Function<String, String> env) {
        if (base.usesRedis()) {
            return base;
        }
        String restUrl = value(env, UpstashSettings.URL_VARIABLE);
        String restToken = value(env, UpstashSettings.TOKEN_VARIABLE);
        if (restUrl != null && restToken != null) {
            try {
                UpstashSettings.validateUrl(restUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(UpstashSettings.URL_VARIABLE + ": " + e.getMessage(), e);
            }
            return base.withUpstash(UpstashSettings.of(restUrl, restToken, UpstashSettings.TOKEN_VARIABLE));
        }
        if (restUrl != null || restToken != null) {
            LOG.warn("{} is set but {} is not: Upstash REST needs both; ignoring it",
                    restUrl != null ? UpstashSettings.URL_VARIABLE : UpstashSettings.TOKEN_VARIABLE,
                    restUrl != null ? UpstashSettings.TOKEN_VARIABLE : UpstashSettings.URL_VARIABLE);
        }
        String redisUrl = value(env, REDIS_URL);
        if (redisUrl == null) {
            return base;
        }
        try {
            RedisStorage.validateUrl(redisUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(REDIS_URL + ": " + e.getMessage(), e);
        }
        return base.withUrl(redisUrl);
    }

    /**
     * Which storage {@link #fromEnvironment} picks, for start-up banners, e.g.
     * {@code Upstash REST https://eu1-x.upstash.io (UPSTASH_REDIS_REST_URL)} or {@code Redis redis://:***@h:6379};
     * never a password or token.
     */
    public static String describe(StorageSettings base, Function<String, String> env) {
        StorageSettings s = withEnvironment(base, env);
        String source = s == base ? "" : s.upstash() != null ? " (" + UpstashSettings.URL_VARIABLE + ")"
                : " (" + REDIS_URL + ")";
        if (s.upstash() != null) {
            return "Upstash REST " + s.upstash().describe() + source;
        }
        if (s.sentinel() != null) {
            return "Redis Sentinel " + s.sentinel().masterName() + " via " + String.join(",", s.sentinel().nodes());
        }
        if (!s.clusterNodes().isEmpty()) {
            return "Redis Cluster " + String.join(",", s.clusterNodes());
        }
        if (!s.url().isEmpty()) {
            return "Redis " + RedisUrl.mask(s.url()) + source;
        }
        return "in memory (set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or REDIS_URL, to share it"
                + " between instances)";
    }

    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
