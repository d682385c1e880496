package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Storages} picks memory or Redis from settings and from {@code REDIS_URL}. */
class StoragesTest {

    @Test
    void noUrlMeansMemoryAndSaysSoOnceInTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (SecondaryStorage s = Storages.create(StorageSettings.defaults())) {
            assertThat(s).isInstanceOf(MemoryStorage.class);
            s.set("k", "v", null);
            assertThat(s.get("k")).isEqualTo("v");
        } finally {
            System.setErr(original);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("INFO").contains("in memory").contains("not shared between instances");
        assertThat(log.split("in memory", -1)).hasSize(2);
    }

    @Test
    void redisUrlFromTheEnvironmentOverridesTheSettings() {
        try (RedisProcess redis = RedisProcess.launch();
             SecondaryStorage s = Storages.fromEnvironment(StorageSettings.defaults(),
                     Map.of("REDIS_URL", redis.url() + "/1")::get)) {
            assertThat(s).isInstanceOf(RedisStorage.class);
            s.set("from-env", "v", null);
            try (var raw = redis.jedis()) {
                raw.select(1);
                assertThat(raw.get("authstash:from-env")).isEqualTo("v");
            }
        }
    }

    @Test
    void blankOrMissingRedisUrlKeepsTheSettings() {
        StorageSettings base = StorageSettings.defaults();
        assertThat(Storages.withEnvironment(base, Map.of("REDIS_URL", "  ")::get)).isEqualTo(base);
        assertThat(Storages.withEnvironment(base, Map.<String, String>of()::get)).isEqualTo(base);
        try (SecondaryStorage s = Storages.fromEnvironment(base, Map.<String, String>of()::get)) {
            assertThat(s).isInstanceOf(MemoryStorage.class);
        }
        StorageSettings redis = base.withUrl("redis://cache:6379");
        assertThat(Storages.withEnvironment(redis, Map.of("REDIS_URL", "redis://other:6380")::get).url())
                .isEqualTo("redis://other:6380");
        assertThat(new StorageSettings("", List.of("h:1"), "p:", 1, base.connectTimeout(), base.socketTimeout(), 1)
                .usesRedis()).isTrue();
    }
}
