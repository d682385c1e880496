package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Reaching real servers: password, ACL user + password, database index, and a server that is down
 * (StorageException within the 50 ms default timeouts; the 5 s bound only guards against hanging).
 */
class RedisStorageConnectionTest {
    static final String PASSWORD = "pw-Sup3rS3cret";

    private static RedisStorage connect(String url) {
        return RedisStorage.create(StorageSettings.defaults().withUrl(url));
    }

    @Test
    void passwordAndAclUserAreSentAndWrongOnesFailWithoutEchoingThem() {
        try (RedisProcess redis = RedisProcess.launch()) {
            try (Jedis admin = redis.jedis()) {
                admin.configSet("requirepass", PASSWORD); // at run time: RedisProcess pings without AUTH
                admin.auth(PASSWORD);
                admin.aclSetUser("alice", "on", ">alice-Pw-9", "~authstash:*", "+@all");
            }
            String host = "127.0.0.1:" + redis.port();
            try (RedisStorage s = connect("redis://:" + PASSWORD + "@" + host)) {
                s.set("k", "by-password", null);
                assertThat(s.get("k")).isEqualTo("by-password");
            }
            try (RedisStorage s = connect("redis://alice:alice-Pw-9@" + host)) {
                s.set("k", "by-alice", null);
                assertThat(s.get("k")).isEqualTo("by-alice");
                assertThat(SafeEncoder.encode((byte[]) s.client().sendCommand(
                        Protocol.Command.ACL, "WHOAMI"))).isEqualTo("alice");
            }
            for (String url : List.of("redis://:wrong-" + PASSWORD + "@" + host,
                    "redis://alice:wrong-" + PASSWORD + "@" + host, "redis://" + host)) {
                try (RedisStorage s = connect(url)) {
                    assertThatThrownBy(() -> s.get("k")).isInstanceOf(StorageException.class)
                            .hasMessageStartingWith("Redis GET failed")
                            .hasMessageNotContaining(PASSWORD);
                }
            }
        }
    }

    @Test
    void databaseIndexFromTheUrlIsSelected() {
        try (RedisProcess redis = RedisProcess.launch(); RedisStorage s = connect(redis.url() + "/3")) {
            s.set("in-db-3", "v", null);
            try (Jedis raw = redis.jedis()) {
                assertThat(raw.get("authstash:in-db-3")).isNull();
                raw.select(3);
                assertThat(raw.get("authstash:in-db-3")).isEqualTo("v");
            }
        }
    }

    @Test
    void serverDownGivesStorageExceptionsNotJedisOnes() {
        RedisProcess redis = RedisProcess.launch();
        try (RedisStorage s = connect(redis.url())) {
            s.set("k", "v", null);
            assertThat(s.ping()).isTrue();
            redis.stop();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                assertThatThrownBy(() -> s.get("k")).isExactlyInstanceOf(StorageException.class)
                        .hasMessageStartingWith("Redis GET failed");
                assertThatThrownBy(() -> s.set("k", "v", Duration.ofSeconds(1)))
                        .isExactlyInstanceOf(StorageException.class).hasMessageStartingWith("Redis SET failed");
                assertThatThrownBy(() -> s.getAndDelete("k")).isExactlyInstanceOf(StorageException.class);
                assertThatThrownBy(() -> s.increment("k", null)).isExactlyInstanceOf(StorageException.class);
                assertThatThrownBy(() -> s.delete("k")).isExactlyInstanceOf(StorageException.class);
                assertThat(s.ping()).isFalse();
            });
            redis.start();
            RedisTestSupport.poll("storage reconnects", s::ping);
            assertThat(s.get("k")).as("restarted server is empty").isNull();
        } finally {
            redis.close();
        }
    }

    @Test
    void clusterTakesCredentialsFromTheUrlUserInfo() {
        try (RedisClusterProcess cluster = RedisClusterProcess.launch(3, 0)) {
            for (int i = 0; i < 3; i++) {
                try (Jedis j = cluster.jedis(i)) {
                    j.configSet("requirepass", PASSWORD);
                }
            }
            StorageSettings noPassword = RedisTestSupport.settings("", cluster.seedNodes());
            assertThatThrownBy(() -> RedisStorage.create(noPassword)).isExactlyInstanceOf(StorageException.class);
            StorageSettings withPassword = noPassword.withUrl("redis://:" + PASSWORD + "@ignored-in-cluster-mode");
            try (RedisStorage s = RedisStorage.create(withPassword)) {
                for (int i = 0; i < 20; i++) {
                    s.set("c" + i, "v" + i, Duration.ofMinutes(1));
                }
                for (int i = 0; i < 20; i++) {
                    assertThat(s.get("c" + i)).isEqualTo("v" + i);
                }
            }
        }
    }

    @Test
    void unreachableClusterSeedsFailAtCreate() {
        StorageSettings s = new StorageSettings("", List.of("127.0.0.1:1"), "a:", 2, Duration.ofMillis(50),
                Duration.ofMillis(50), 10);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> RedisStorage.create(s))
                .isExactlyInstanceOf(StorageException.class).hasMessageStartingWith("Redis Cluster: no seed node answered"));
    }
}
