package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@link UpstashStorage} over the test kit's Upstash REST endpoint in front of a real redis-server passes the
 * atomic storage contract (200 concurrent callers over four "application instances"), plus TTLs and prefixes as
 * Redis sees them.
 */
class UpstashStorageTest extends AtomicStorageContractTest {
    static final String TOKEN = "test-token-0123456789";
    static RedisProcess redis;
    static UpstashEndpoint endpoint;
    private final List<SecondaryStorage> extra = new ArrayList<>();

    @BeforeAll
    static void startServers() {
        redis = RedisProcess.launch();
        endpoint = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stopServers() {
        endpoint.close();
        redis.close();
    }

    @AfterEach
    void closeExtra() {
        extra.forEach(SecondaryStorage::close);
    }

    /** Generous request timeout: 200 test threads share few cores (the 1 s default is for production). */
    static UpstashSettings settings(String url, String token) {
        return new UpstashSettings(url, token, UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1);
    }

    @Override
    protected SecondaryStorage newStorage() {
        return UpstashStorage.create(settings(endpoint.url(), TOKEN), StorageSettings.DEFAULT_KEY_PREFIX);
    }

    @Override
    protected List<SecondaryStorage> instances(int n) {
        List<SecondaryStorage> apps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            apps.add(newStorage());
        }
        extra.addAll(apps);
        return apps;
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofMillis(1000); // one HTTP round trip on a loaded 2-core machine can take 100 ms
    }

    @Override
    protected void awaitExpiry(String key) {
        try (Jedis j = redis.jedis()) {
            RedisTestSupport.poll(key + " expires", () -> !j.exists("authstash:" + key));
        }
    }

    @Test
    void setWritesPxTtlAndIncrementSetsItOnlyOnCreation() {
        String withTtl = key("px");
        String counter = key("incr");
        storage.set(withTtl, "v", Duration.ofSeconds(60));
        storage.increment(counter, Duration.ofSeconds(30));
        storage.increment(counter, Duration.ofHours(5));
        try (Jedis j = redis.jedis()) {
            assertThat(j.pttl("authstash:" + withTtl)).isBetween(1L, 60_000L);
            assertThat(j.pttl("authstash:" + counter)).isBetween(1L, 30_000L);
            storage.set(withTtl, "v2", null);
            assertThat(j.pttl("authstash:" + withTtl)).as("a set without ttl clears the old one").isEqualTo(-1L);
        }
    }

    @Test
    void valuesSurviveTheBase64EncodingWhateverTheirCharacters() {
        String k = key("unicode");
        String value = "{\"name\":\"Zoë 🙂\",\"quote\":\"\\\"x\\\"\",\"nl\":\"a\\nb\"} OK +PONG";
        storage.set(k, value, Duration.ofMinutes(1));
        assertThat(storage.get(k)).isEqualTo(value);
        storage.set(k, "OK", Duration.ofMinutes(1));
        assertThat(storage.get(k)).isEqualTo("OK");
        try (Jedis j = redis.jedis()) {
            assertThat(j.get("authstash:" + k)).isEqualTo("OK");
        }
        assertThat(storage.getAndDelete(k)).isEqualTo("OK");
    }
}
