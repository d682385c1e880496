package dev.authstash.storage;

import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the {@link SecondaryStorage} that {@link StorageSettings} describe. */
public final class Storages {
    private static final Logger LOG = LoggerFactory.getLogger(Storages.class);

    private Storages() {}

    /**
     * {@link RedisStorage} when the settings name Redis ({@link StorageSettings#usesRedis()}), else a
     * {@link MemoryStorage} of {@code memoryMaxEntries}, which is logged once at INFO.
     */
    public static SecondaryStorage create(StorageSettings settings) {
        if (settings.usesRedis()) {
            return RedisStorage.create(settings);
        }
        LOG.info("authstash secondary storage is in memory (at most {} entries), not shared between instances;"
                + " set a Redis url to share it", settings.memoryMaxEntries());
        return new MemoryStorage(settings.memoryMaxEntries());
    }

    /** {@link #create} after {@code REDIS_URL} from {@code env}, when set and not blank, overrides the url. */
    public static SecondaryStorage fromEnvironment(StorageSettings base, Function<String, String> env) {
        return create(withEnvironment(base, env));
    }

    /** {@code base} with {@code REDIS_URL} from {@code env} as url when set and not blank. */
    static StorageSettings withEnvironment(StorageSettings base, Function<String, String> env) {
        String url = env.apply("REDIS_URL");
        return url == null || url.isBlank() ? base : base.withUrl(url);
    }
}
