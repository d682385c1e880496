package dev.authstash.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisSentinels;
import dev.authstash.testkit.TlsRedis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.clients.jedis.Jedis;

/**
 * Issue 20 §4, the starter and {@code spring.data.redis.*}: {@code ssl.bundle} is honoured (TLS with the bundle's
 * trust, not plaintext), {@code sentinel.*} is mapped, and a connection key authstash cannot apply fails start-up
 * naming it instead of falling back to memory. Real TLS redis-server and a real Sentinel deployment.
 */
class StarterSpringRedisTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, AuthstashAutoConfiguration.class))
            .withPropertyValues("authstash.secret=" + "p".repeat(32));

    @Test
    void theSslBundleOfSpringDataRedisIsHonoured() {
        try (TlsRedis redis = TlsRedis.launch()) {
            runner.withPropertyValues("spring.ssl.bundle.pem.redis.truststore.certificate=file:" + redis.certificate(),
                    "spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.tlsPort(),
                    "spring.data.redis.ssl.bundle=redis").run(context -> {
                        assertThat(context).hasNotFailed();
                        Authstash a = context.getBean(Authstash.class);
                        assertThat(a.storage()).isInstanceOf(RedisStorage.class);
                        a.storage().set("over-the-bundle", "v", null);
                        assertThat(a.health().up()).as("TLS with the bundle's trust").isTrue();
                    });
            try (Jedis plain = redis.plain().jedis()) {
                assertThat(plain.get("authstash:over-the-bundle")).isEqualTo("v");
            }
            runner.withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.tlsPort(),
                    "spring.data.redis.ssl.bundle=nope").run(context -> assertThat(messages(context.getStartupFailure()))
                    .contains("spring.data.redis.ssl.bundle is set, but authstash cannot apply it: no SSL bundle named"
                            + " \"nope\" (spring.ssl.bundle.*); name the storage with authstash.secondary-storage.*"
                            + " instead (\"\" url = in memory)"));
        }
    }

    @Test
    void sentinelPropertiesOfSpringDataRedisAreMapped() {
        try (RedisSentinels sentinels = RedisSentinels.launch()) {
            runner.withPropertyValues("spring.data.redis.sentinel.master=" + RedisSentinels.MASTER,
                    "spring.data.redis.sentinel.nodes=" + String.join(",", sentinels.nodes())).run(context -> {
                        assertThat(context).hasNotFailed();
                        Authstash a = context.getBean(Authstash.class);
                        assertThat(a.storage()).isInstanceOf(RedisStorage.class);
                        a.storage().set("via-sentinel", "v", null);
                        assertThat(a.health().up()).isTrue();
                    });
            try (Jedis master = sentinels.initialMaster().jedis()) {
                assertThat(master.get("authstash:via-sentinel")).isEqualTo("v");
            }
        }
    }

    @Test
    void aSpringDataRedisKeyAuthstashCannotApplyFailsStartUp() {
        assertStartupFails("spring.data.redis.sentinel.master is set, but authstash cannot apply it: Sentinel needs"
                + " both spring.data.redis.sentinel.master and spring.data.redis.sentinel.nodes; name the storage with"
                + " authstash.secondary-storage.* instead (\"\" url = in memory)", "spring.data.redis.sentinel.master=m");
        assertStartupFails("spring.data.redis.sentinel.username is set, but authstash cannot apply it: authstash"
                + " authenticates to the sentinels with a password only (spring.data.redis.sentinel.password)",
                "spring.data.redis.sentinel.master=m", "spring.data.redis.sentinel.nodes=127.0.0.1:1",
                "spring.data.redis.sentinel.username=admin");
        assertStartupFails("spring.data.redis.ssl.enabled is set, but authstash cannot apply it: authstash's"
                + " Sentinel storage connects without TLS", "spring.data.redis.sentinel.master=m",
                "spring.data.redis.sentinel.nodes=127.0.0.1:1", "spring.data.redis.ssl.enabled=true");
        assertStartupFails("spring.data.redis.url is set, but authstash cannot apply it: authstash.config-location"
                + " (classpath:starter-config.json) names no secondaryStorage and is read alone",
                "authstash.config-location=classpath:starter-config.json", "spring.data.redis.url=redis://127.0.0.1:1");
    }

    private void assertStartupFails(String message, String... properties) {
        runner.withPropertyValues(properties).run(context ->
                assertThat(messages(context.getStartupFailure())).anyMatch(m -> m != null && m.startsWith(message)));
    }

    private static List<String> messages(Throwable failure) {
        List<String> out = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.add(t.getMessage());
        }
        return out;
    }
}
