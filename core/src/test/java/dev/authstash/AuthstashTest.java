package dev.authstash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.storage.FunctionStorage;
import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.token.OtpResult;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestInfo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class AuthstashTest {
    private static final String SECRET = "s".repeat(32);

    @Test
    void withoutRedisEverythingIsInMemory() {
        try (Authstash a = Authstash.builder(AuthstashConfig.defaults()).environment(k -> null).build()) {
            assertThat(a.storage()).isInstanceOf(MemoryStorage.class);
        }
    }

    @Test
    void redisUrlFromTheEnvironmentSelectsRedisAndDecisionsLandThere() {
        try (RedisProcess redis = RedisProcess.launch();
             Authstash a = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").socketTimeoutMillis(2000)
                     .connectTimeoutMillis(2000).build())
                     .environment(Map.of("REDIS_URL", redis.url(), "AUTHSTASH_SECRET", SECRET)::get).build();
             var jedis = redis.jedis()) {
            assertThat(a.storage()).isInstanceOf(RedisStorage.class);
            assertThat(dev.authstash.web.GateProbe.rateLimit(a.gate(), RequestInfo.of("GET", "/api/auth/x", "203.0.113.1")).proceed()).isTrue();
            assertThat(jedis.keys("authstash:rl:*")).hasSize(1);
        }
    }

    @Test
    void denyPolicyAnswers503WhenRedisIsDown() {
        RedisProcess redis = RedisProcess.launch();
        AuthstashConfig config = AuthstashConfig.builder().basePath("/api/auth").redisUrl(redis.url()).socketTimeoutMillis(2000)
                .onStorageError(OnStorageError.DENY).secret(SECRET).build();
        try (Authstash a = Authstash.create(config)) {
            redis.stop();
            GateResult result = dev.authstash.web.GateProbe.rateLimit(a.gate(), RequestInfo.of("GET", "/api/auth/x", "203.0.113.1"));
            assertThat(result.status()).isEqualTo(503);
            assertThat(result.headers()).containsKey("Retry-After");
        } finally {
            redis.close();
        }
    }

    @Test
    void aSuppliedStorageIsUsedForEverything() {
        Map<String, String> map = new ConcurrentHashMap<>();
        var storage = FunctionStorage.of(map::get, (k, v, ttl) -> map.put(k, v), map::remove, map::remove,
                (k, ttl) -> Long.parseLong(map.merge(k, "1", (old, one) -> Long.toString(Long.parseLong(old) + 1))));
        try (Authstash a = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").build())
                .storage(storage).secret(SECRET).build()) {
            dev.authstash.web.GateProbe.rateLimit(a.gate(), RequestInfo.of("GET", "/api/auth/x", "203.0.113.1"));
            a.sessions().create("u1", null, null, Map.of());
            assertThat(map.keySet()).anyMatch(k -> k.startsWith("rl:")).anyMatch(k -> k.contains(":s:"));
        }
    }

    @Test
    void otpIssuedOnOneInstanceVerifiesOnAnotherWithTheSameSecret() {
        try (RedisProcess redis = RedisProcess.launch()) {
            AuthstashConfig config = AuthstashConfig.builder().redisUrl(redis.url()).socketTimeoutMillis(2000).build();
            try (Authstash a = Authstash.builder(config).secret(SECRET).build();
                 Authstash b = Authstash.builder(config).environment(Map.of("AUTHSTASH_SECRET", SECRET)::get).build()) {
                String code = a.oneTimeTokens().issueOtp("email-verification", "ann@example.com");
                assertThat(b.oneTimeTokens().verifyOtp("email-verification", "ann@example.com", code))
                        .isEqualTo(OtpResult.VERIFIED);
            }
        }
    }

    @Test
    void aShortSecretIsRefusedWithItsName() {
        assertThatThrownBy(() -> Authstash.builder(AuthstashConfig.defaults()).secret("short").build())
                .hasMessage("AUTHSTASH_SECRET: expected at least 32 characters, got 5");
    }

    @Test
    void sharedStorageWithoutASecretRefusesToStartNamingAuthstashSecret() {
        try (RedisProcess redis = RedisProcess.launch()) {
            AuthstashConfig config = AuthstashConfig.builder().redisUrl(redis.url()).build();
            assertThatThrownBy(() -> Authstash.builder(config).environment(k -> null).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("AUTHSTASH_SECRET: expected a secret of at least 32 characters")
                    .hasMessageContaining("storage is shared");
            Map<String, String> map = new ConcurrentHashMap<>();
            var custom = FunctionStorage.of(map::get, (k, v, ttl) -> map.put(k, v), map::remove, map::remove,
                    (k, ttl) -> 1L);
            assertThatThrownBy(() -> Authstash.builder(AuthstashConfig.defaults()).storage(custom)
                    .environment(k -> null).build()).hasMessageContaining("AUTHSTASH_SECRET");
        }
    }

    @Test
    void memoryModeWithoutASecretUsesARandomPerProcessKey() {
        AuthstashConfig config = AuthstashConfig.defaults();
        MemoryStorage shared = new MemoryStorage(1000);
        try (Authstash a = Authstash.builder(config).storage(shared).environment(k -> null).build();
             Authstash b = Authstash.builder(config).storage(shared).environment(k -> null).build()) {
            String code = a.oneTimeTokens().issueOtp("email-verification", "ann@example.com");
            assertThat(b.oneTimeTokens().verifyOtp("email-verification", "ann@example.com", code))
                    .as("b's random key differs from a's, so the code (stored as a's HMAC) does not verify on b")
                    .isEqualTo(OtpResult.INVALID);
            assertThat(a.oneTimeTokens().verifyOtp("email-verification", "ann@example.com", code))
                    .isEqualTo(OtpResult.VERIFIED);
        }
    }

    @Test
    void rotatedSecretsSignWithTheFirstAndVerifyWithAll() {
        String old = "o".repeat(32);
        try (RedisProcess redis = RedisProcess.launch()) {
            AuthstashConfig config = AuthstashConfig.builder().redisUrl(redis.url()).socketTimeoutMillis(2000).build();
            try (Authstash before = Authstash.builder(config).secret(old).build();
                 Authstash after = Authstash.builder(config)
                         .environment(Map.of("AUTHSTASH_SECRET", SECRET + ", " + old)::get).build();
                 Authstash newOnly = Authstash.builder(config).secret(SECRET).build()) {
                String code = before.oneTimeTokens().issueOtp("email-verification", "ann@example.com");
                assertThat(after.oneTimeTokens().verifyOtp("email-verification", "ann@example.com", code))
                        .as("a code signed with the old secret verifies during rotation").isEqualTo(OtpResult.VERIFIED);
                String fresh = after.oneTimeTokens().issueOtp("email-verification", "bob@example.com");
                assertThat(newOnly.oneTimeTokens().verifyOtp("email-verification", "bob@example.com", fresh))
                        .as("new codes are signed with the first secret").isEqualTo(OtpResult.VERIFIED);
            }
        }
    }

    @Test
    void theConfigurationsSecretIsUsedAndNeverPrinted() {
        String json = "{\"secret\": \"${S}\", \"secondaryStorage\": {\"url\": \"${U}\"}}";
        try (RedisProcess redis = RedisProcess.launch()) {
            AuthstashConfig config = dev.authstash.config.ConfigLoader.parse(json,
                    Map.of("S", SECRET, "U", redis.url())::get);
            assertThat(config.toString()).doesNotContain(SECRET);
            try (Authstash a = Authstash.builder(config).environment(k -> null).build()) {
                assertThat(a.storage()).isInstanceOf(RedisStorage.class);
            }
        }
        assertThatThrownBy(() -> dev.authstash.config.ConfigLoader.parse("{\"secret\": \"short\"}", k -> null))
                .hasMessage("secret: expected each secret to have at least 32 characters, got one of 5");
    }

    @Test
    void configuredOnStorageErrorIsExposed() {
        AuthstashConfig config = AuthstashConfig.builder().onStorageError(OnStorageError.ALLOW).build();
        assertThat(config.rateLimit().onStorageError()).isEqualTo(OnStorageError.ALLOW);
    }
}
