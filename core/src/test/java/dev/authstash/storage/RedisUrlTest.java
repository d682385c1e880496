package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;

/** Parsing and checking of Redis URLs and the Jedis client configuration they yield; no server. */
class RedisUrlTest {
    static final String SHAPE = "expected redis://[user:password@]host[:port][/db] or rediss://…, got ";

    @Test
    void parsesEveryPart() {
        assertThat(RedisUrl.parse("redis://localhost"))
                .isEqualTo(new RedisUrl(false, null, null, "localhost", 6379, 0));
        assertThat(RedisUrl.parse("redis://:pw@10.0.0.1:6380/3"))
                .isEqualTo(new RedisUrl(false, null, "pw", "10.0.0.1", 6380, 3));
        assertThat(RedisUrl.parse("rediss://default:p%40ss%2Fw+rd@eu1-x.upstash.io:6379"))
                .isEqualTo(new RedisUrl(true, "default", "p@ss/w+rd", "eu1-x.upstash.io", 6379, 0));
        assertThat(RedisUrl.parse("redis://[::1]:7000/")).isEqualTo(new RedisUrl(false, null, null, "::1", 7000, 0));
        assertThat(RedisUrl.parse("redis://u:a@b@h:1")).as("last @ ends the user-info")
                .isEqualTo(new RedisUrl(false, "u", "a@b", "h", 1, 0));
    }

    @Test
    void badUrlsSayWhatWasExpected() {
        assertBad("http://localhost:6379", SHAPE + "\"http://localhost:6379\"");
        assertBad("localhost:6379", SHAPE + "\"localhost:6379\"");
        assertBad("redis://", "missing host: " + SHAPE + "\"redis://\"");
        assertBad("redis://:6379/0", "missing host: " + SHAPE + "\"redis://:6379/0\"");
        assertBad("redis://h:port", "bad port \"port\": " + SHAPE + "\"redis://h:port\"");
        assertBad("redis://h:70000", "bad port \"70000\": " + SHAPE + "\"redis://h:70000\"");
        assertBad("redis://h:0", "bad port \"0\": " + SHAPE + "\"redis://h:0\"");
        assertBad("redis://h:6379/db1", "bad db index \"db1\": " + SHAPE + "\"redis://h:6379/db1\"");
        assertBad("redis://h/-1", "bad db index \"-1\": " + SHAPE + "\"redis://h/-1\"");
        assertBad("redis://justpassword@h", "user-info must be user:password or :password: " + SHAPE + "\"redis://***@h\"");
    }

    @Test
    void passwordsNeverAppearInMessages() {
        assertBad("redis://alice:Sup3rS3cret@h:99999", "bad port \"99999\": " + SHAPE + "\"redis://alice:***@h:99999\"");
        assertBad("redis://:Sup3rS3cret@:1", "missing host: " + SHAPE + "\"redis://:***@:1\"");
        assertBad("redis://:Sup3r/S3cret@h/x", "bad db index \"x\": " + SHAPE + "\"redis://:***@h/x\"");
        assertThat(RedisUrl.parse("redis://alice:Sup3rS3cret@h").toString()).doesNotContain("Sup3rS3cret")
                .isEqualTo("redis://alice:***@h:6379/0");
    }

    @Test
    void redissSelectsTlsAndSettingsGiveTimeoutsAndCredentials() {
        StorageSettings s = StorageSettings.defaults().withUrl("rediss://default:pw@cache.example:6380/2");
        DefaultJedisClientConfig tls = RedisClients.clientConfig(RedisUrl.parse(s.url()), s);
        assertThat(tls.isSsl()).isTrue();
        assertThat(tls.getUser()).isEqualTo("default");
        assertThat(tls.getPassword()).isEqualTo("pw");
        assertThat(tls.getDatabase()).isEqualTo(2);
        assertThat(tls.getConnectionTimeoutMillis()).isEqualTo(500);
        assertThat(tls.getSocketTimeoutMillis()).isEqualTo(1000);
        assertThat(RedisClients.clientConfig(RedisUrl.parse("redis://h"), s).isSsl()).isFalse();
    }

    @Test
    void poolIsBoundedAndItsWaitIsPoolWait() {
        var pool = RedisClients.poolConfig(new StorageSettings("redis://h", List.of(), "p:", 7,
                Duration.ofMillis(20), Duration.ofMillis(80), 10, Duration.ofMillis(300)));
        assertThat(pool.getMaxTotal()).isEqualTo(7);
        assertThat(pool.getBlockWhenExhausted()).isTrue();
        assertThat(pool.getMaxWaitDuration()).isEqualTo(Duration.ofMillis(300));
        var defaults = RedisClients.poolConfig(StorageSettings.defaults());
        assertThat(defaults.getMaxTotal()).as("a container's request threads").isEqualTo(200);
        assertThat(defaults.getMaxWaitDuration()).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void clusterNodesAndClusterUrlAreChecked() {
        assertThat(RedisClients.parseNode("10.0.0.5:7001").getPort()).isEqualTo(7001);
        assertThat(RedisClients.parseNode("[::1]:7001").getHost()).isEqualTo("::1");
        for (String bad : new String[] {"nohost", ":7001", "h:x", "h:0"}) {
            assertThatThrownBy(() -> RedisClients.parseNode(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected cluster node host:port, got \"" + bad + "\"");
        }
        StorageSettings s = new StorageSettings("redis://u:secretpw@ignored/4", List.of("127.0.0.1:1"), "p:", 4,
                Duration.ofMillis(50), Duration.ofMillis(50), 10);
        assertThatThrownBy(() -> RedisStorage.create(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Redis Cluster has only database 0, got /4 in url \"redis://u:***@ignored/4\"");
    }

    private static void assertBad(String url, String message) {
        assertThatThrownBy(() -> RedisStorage.validateUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
