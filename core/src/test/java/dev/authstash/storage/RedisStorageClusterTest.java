package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.RedisClusterProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RedisStorage} on a real 3-master Redis Cluster passes the atomic contract (four instances). */
class RedisStorageClusterTest extends AtomicStorageContractTest {
    static RedisClusterProcess cluster;
    private final List<SecondaryStorage> extra = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.launch(3, 0);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void closeExtra() {
        extra.forEach(SecondaryStorage::close);
    }

    @Override
    protected SecondaryStorage newStorage() {
        return RedisStorage.create(RedisTestSupport.settings("", cluster.seedNodes()));
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
        RedisStorage redis = (RedisStorage) storage;
        RedisTestSupport.poll(key + " expires", () -> !redis.client().exists("authstash:" + key));
    }

    @Test
    void keysAreSpreadOverTheMastersWithThePrefix() {
        RedisStorage redis = (RedisStorage) storage;
        assertThat(redis.isCluster()).isTrue();
        for (int i = 0; i < 30; i++) {
            storage.set("spread:" + i, "v", Duration.ofMinutes(1));
        }
        long withKeys = java.util.stream.IntStream.range(0, 3).filter(m -> {
            try (var j = cluster.jedis(m)) {
                return j.dbSize() > 0 && j.keys("spread:*").isEmpty() && !j.keys("authstash:spread:*").isEmpty();
            }
        }).count();
        assertThat(withKeys).isEqualTo(3);
    }

    @Test
    void evalIsRoutedByTheFirstKeyAndReloadsAfterNoscript() {
        RedisStorage redis = (RedisStorage) storage;
        for (int m = 0; m < 3; m++) {
            try (var j = cluster.jedis(m)) {
                j.scriptFlush();
            }
        }
        RedisScript script = RedisScript.of(
                "redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], ARGV[1]) return #KEYS");
        String tag = "{u" + System.nanoTime() + "}";
        assertThat(redis.eval(script, List.of(tag + ":a", tag + ":b"), List.of("v"))).isEqualTo(2L);
        assertThat(redis.eval(script, List.of(tag + ":a", tag + ":b"), List.of("w"))).isEqualTo(2L);
        assertThat(storage.get(tag + ":b")).isEqualTo("w");
        assertThatThrownBy(() -> redis.eval(script, List.of("x:a", "y:b"), List.of("v")))
                .isInstanceOf(StorageException.class).hasMessageStartingWith("Redis EVALSHA failed");
    }

    @Test
    void pingAnswers() {
        assertThat(((RedisStorage) storage).ping()).isTrue();
    }
}
