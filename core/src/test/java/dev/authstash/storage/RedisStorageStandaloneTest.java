package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * {@link RedisStorage} on one real redis-server passes the atomic contract, with the four "application
 * instances" being four RedisStorage objects; plus what only Redis shows: PTTL, the key prefix,
 * and that {@code eval} is one EVALSHA once the script is loaded.
 */
class RedisStorageStandaloneTest extends AtomicStorageContractTest {
    static RedisProcess redis;
    private final List<SecondaryStorage> extra = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeExtra() {
        extra.forEach(SecondaryStorage::close);
    }

    @Override
    protected SecondaryStorage newStorage() {
        return RedisStorage.create(RedisTestSupport.settings(redis.url(), List.of()));
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
        return Duration.ofSeconds(1); // long enough that a busy machine reads the value before it expires
    }

    @Override
    protected void awaitExpiry(String key) {
        try (Jedis j = redis.jedis()) {
            RedisTestSupport.poll(key + " expires", () -> !j.exists("authstash:" + key));
        }
    }

    private RedisStorage redisStorage() {
        return (RedisStorage) storage;
    }

    @Test
    void setWritesPxTtlAndPlainSetHasNone() {
        String withTtl = key("px");
        String without = key("plain");
        storage.set(withTtl, "v", Duration.ofSeconds(60));
        storage.set(without, "v", null);
        try (Jedis j = redis.jedis()) {
            assertThat(j.pttl("authstash:" + withTtl)).isBetween(1L, 60_000L);
            assertThat(j.pttl("authstash:" + without)).isEqualTo(-1L);
            storage.set(withTtl, "v2", null);
            assertThat(j.pttl("authstash:" + withTtl)).as("a set without ttl clears the old one").isEqualTo(-1L);
        }
    }

    @Test
    void incrementSetsPexpireOnlyOnCreation() {
        String k = key("incr-ttl");
        storage.increment(k, Duration.ofSeconds(30));
        storage.increment(k, Duration.ofHours(5));
        try (Jedis j = redis.jedis()) {
            assertThat(j.pttl("authstash:" + k)).isBetween(1L, 30_000L);
        }
        String noTtl = key("incr-no-ttl");
        storage.increment(noTtl, null);
        try (Jedis j = redis.jedis()) {
            assertThat(j.pttl("authstash:" + noTtl)).isEqualTo(-1L);
        }
    }

    @Test
    void everyKeyIsPrefixedAndEveryKeyWrittenWithATtlHasOne() {
        StorageSettings s = RedisTestSupport.settings(redis.url(), List.of());
        try (RedisStorage custom = RedisStorage.create(new StorageSettings(s.url(), List.of(), "app7:", 4,
                s.connectTimeout(), s.socketTimeout(), 10))) {
            custom.set("session:a", "1", Duration.ofMinutes(5));
            custom.set("token:b", "2", Duration.ofSeconds(90));
            custom.increment("rate:c", Duration.ofSeconds(60));
            custom.increment("rate:c", Duration.ofSeconds(60));
            try (Jedis j = redis.jedis()) {
                List<String> found = new ArrayList<>();
                String cursor = ScanParams.SCAN_POINTER_START;
                do {
                    var page = j.scan(cursor, new ScanParams().match("app7:*").count(1000));
                    found.addAll(page.getResult());
                    cursor = page.getCursor();
                } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
                assertThat(found).containsExactlyInAnyOrder("app7:session:a", "app7:token:b", "app7:rate:c");
                for (String k : found) {
                    assertThat(j.pttl(k)).as("ttl of %s", k).isNotEqualTo(-1L);
                }
                assertThat(j.exists("session:a")).isFalse();
            }
        }
    }

    @Test
    void evalPrefixesKeysReloadsAfterNoscriptAndThenUsesOnlyEvalsha() {
        RedisScript script = RedisScript.of("redis.call('SET', KEYS[1], ARGV[1]) return KEYS[1]");
        String k = key("script");
        try (Jedis j = redis.jedis()) {
            j.scriptFlush();
            assertThat(redisStorage().eval(script, List.of(k), List.of("x"))).isEqualTo("authstash:" + k);
            assertThat(j.get("authstash:" + k)).isEqualTo("x");
            Map<String, Long> before = commandCalls(j);
            for (int i = 0; i < 5; i++) {
                redisStorage().eval(script, List.of(k), List.of("y" + i));
            }
            Map<String, Long> after = commandCalls(j);
            assertThat(after.get("evalsha") - before.get("evalsha")).isEqualTo(5);
            assertThat(after.get("eval")).as("no EVAL once loaded").isEqualTo(before.get("eval"));
        }
    }

    @Test
    void pingAnswers() {
        assertThat(redisStorage().ping()).isTrue();
    }

    /** Calls per command from INFO commandstats, e.g. {@code evalsha -> 12}. */
    private static Map<String, Long> commandCalls(Jedis j) {
        Map<String, Long> calls = new java.util.HashMap<>(Map.of("eval", 0L, "evalsha", 0L));
        j.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_")).forEach(l -> {
            String name = l.substring(8, l.indexOf(':'));
            String n = l.substring(l.indexOf("calls=") + 6, l.indexOf(','));
            calls.put(name, Long.parseLong(n));
        });
        return calls;
    }
}
