package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Storages} picks the storage by one rule: the configured one, else Upstash REST from
 * {@code UPSTASH_REDIS_REST_URL} + {@code UPSTASH_REDIS_REST_TOKEN}, else {@code REDIS_URL}, else memory.
 */
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
        assertThat(Storages.withEnvironment(redis, Map.of("REDIS_URL", "redis://other:6380")::get))
                .as("a storage the configuration names wins over the environment").isEqualTo(redis);
        assertThat(new StorageSettings("", List.of("h:1"), "p:", 1, base.connectTimeout(), base.socketTimeout(), 1)
                .usesRedis()).isTrue();
    }

    @Test
    void upstashVariablesComeBeforeRedisUrlAndTheConfigurationBeforeBoth() {
        Map<String, String> env = Map.of("UPSTASH_REDIS_REST_URL", "https://eu1-cat.upstash.io",
                "UPSTASH_REDIS_REST_TOKEN", "AXtoken", "REDIS_URL", "redis://:pw@r:6379");
        StorageSettings chosen = Storages.withEnvironment(StorageSettings.defaults(), env::get);
        assertThat(chosen.upstash()).isEqualTo(UpstashSettings.of("https://eu1-cat.upstash.io", "AXtoken",
                "UPSTASH_REDIS_REST_TOKEN"));
        assertThat(chosen.url()).isEmpty();
        assertThat(Storages.describe(StorageSettings.defaults(), env::get))
                .isEqualTo("Upstash REST https://eu1-cat.upstash.io (UPSTASH_REDIS_REST_URL)");
        StorageSettings configured = StorageSettings.defaults().withUrl("redis://cache:6379");
        assertThat(Storages.withEnvironment(configured, env::get)).isEqualTo(configured);
        assertThat(Storages.describe(configured, env::get)).isEqualTo("Redis redis://cache:6379");
    }

    @Test
    void oneUpstashVariableAloneIsIgnoredWithAWarningNamingTheOther() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        StorageSettings chosen;
        try {
            chosen = Storages.withEnvironment(StorageSettings.defaults(), Map.of("UPSTASH_REDIS_REST_URL",
                    "https://eu1-cat.upstash.io", "REDIS_URL", "redis://r:6379")::get);
        } finally {
            System.setErr(original);
        }
        assertThat(chosen.upstash()).isNull();
        assertThat(chosen.url()).isEqualTo("redis://r:6379");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARN")
                .contains("UPSTASH_REDIS_REST_TOKEN is not");
        assertThat(Storages.describe(StorageSettings.defaults(), Map.<String, String>of()::get))
                .startsWith("in memory");
        assertThat(Storages.describe(StorageSettings.defaults(), Map.of("REDIS_URL", "redis://:pw@r:6379")::get))
                .isEqualTo("Redis redis://:***@r:6379 (REDIS_URL)");
    }

    @Test
    void malformedVariablesFailNamingTheVariableNeverTheToken() {
        assertThatThrownBy(() -> Storages.withEnvironment(StorageSettings.defaults(), Map.of(
                "UPSTASH_REDIS_REST_URL", "http://eu1-cat.upstash.io", "UPSTASH_REDIS_REST_TOKEN", "AXsecret")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("UPSTASH_REDIS_REST_URL: expected an https:// URL")
                .hasMessageNotContaining("AXsecret");
        assertThatThrownBy(() -> Storages.withEnvironment(StorageSettings.defaults(),
                Map.of("REDIS_URL", "http://not-redis:80")::get))
                .hasMessageStartingWith("REDIS_URL: expected redis://");
    }

    @Test
    void upstashFromTheEnvironmentIsUsedByStoragesAndARefusedTokenStopsStartUp() {
        try (RedisProcess redis = RedisProcess.launch();
             UpstashEndpoint endpoint = UpstashEndpoint.start(redis, "env-token")) {
            try (SecondaryStorage s = Storages.fromEnvironment(StorageSettings.defaults(), Map.of(
                    "UPSTASH_REDIS_REST_URL", endpoint.url(), "UPSTASH_REDIS_REST_TOKEN", "env-token")::get)) {
                assertThat(s).isInstanceOf(UpstashStorage.class);
                s.set("via-rest", "v", null);
            }
            try (var raw = redis.jedis()) {
                assertThat(raw.get("authstash:via-rest")).isEqualTo("v");
            }
            assertThatThrownBy(() -> Storages.fromEnvironment(StorageSettings.defaults(), Map.of(
                    "UPSTASH_REDIS_REST_URL", endpoint.url(), "UPSTASH_REDIS_REST_TOKEN", "not-the-token")::get))
                    .hasMessageContaining("UPSTASH_REDIS_REST_TOKEN").hasMessageNotContaining("not-the-token");
        }
    }
}
