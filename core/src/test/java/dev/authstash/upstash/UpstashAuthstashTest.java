package dev.authstash.upstash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.session.CreatedSession;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import dev.authstash.token.OtpResult;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * Everything that runs on Redis runs over Upstash REST, with two application instances sharing one endpoint:
 * exact limits under 200 concurrent requests (all algorithms), one HTTP request per decision, sessions with the
 * per-user index, single-use tokens and OTP attempts.
 */
class UpstashAuthstashTest {
    private static RedisProcess redis;
    private static UpstashEndpoint endpoint;

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        endpoint = UpstashEndpoint.start(redis, "shared-instances-token");
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        redis.close();
    }

    @BeforeEach
    void flush() {
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    private static AuthstashConfig config(Algorithm algorithm) {
        return Upstash.config(endpoint, "{ \"window\": 60, \"max\": 10, \"algorithm\": \"" + algorithm.configName()
                + "\", \"onStorageError\": \"deny\" }", 20_000);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void twoInstancesAdmitExactlyMaxOf200ConcurrentRequests(Algorithm algorithm) throws Exception {
        try (Authstash a = Upstash.instance(config(algorithm)); Authstash b = Upstash.instance(config(algorithm))) {
            List<Authstash> apps = List.of(a, b);
            List<GateResult> results = Race.run(200, t -> dev.authstash.web.GateProbe.rateLimit(apps.get(t % 2).gate(),
                    RequestInfo.of("POST", "/api/auth/update-user", "203.0.113.7")));
            assertThat(results).filteredOn(GateResult::proceed).hasSize(10);
            assertThat(results).filteredOn(r -> !r.proceed()).allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
        }
    }

    @Test
    void oneHttpRequestPerDecisionAndEveryKeyHasATtl() {
        try (Authstash a = Upstash.instance(config(Algorithm.SLIDING_WINDOW))) {
            dev.authstash.web.GateProbe.rateLimit(a.gate(), RequestInfo.of("POST", "/api/auth/warm", "192.0.2.1")); // loads the script
            long before = endpoint.requests();
            for (int i = 0; i < 30; i++) {
                dev.authstash.web.GateProbe.rateLimit(a.gate(), RequestInfo.of("POST", "/api/auth/update-user", "198.51.100." + (i % 5)));
            }
            assertThat(endpoint.requests() - before).isEqualTo(30);
            try (Jedis j = redis.jedis()) {
                assertThat(j.keys("authstash:rl:*")).hasSize(6)
                        .allSatisfy(k -> assertThat(j.pttl(k)).isPositive());
            }
        }
    }

    @Test
    void aSessionCreatedOnOneInstanceIsFoundListedAndRevokedOnTheOther() {
        AuthstashConfig config = config(Algorithm.FIXED_WINDOW);
        try (Authstash a = Upstash.instance(config); Authstash b = Upstash.instance(config)) {
            CreatedSession one = a.sessions().create("user-1", "203.0.113.9", "tests", Map.of());
            CreatedSession two = a.sessions().create("user-1", "203.0.113.9", "tests", Map.of());
            assertThat(b.sessions().find(one.token())).isPresent();
            assertThat(b.sessions().list("user-1")).hasSize(2);
            assertThat(b.sessions().updateAttributes("user-1", Map.of("emailVerified", "true"))).isEqualTo(2);
            assertThat(a.sessions().find(one.token()).orElseThrow().attributes()).containsEntry("emailVerified", "true");
            b.sessions().revokeOthers("user-1", two.token());
            assertThat(a.sessions().find(one.token())).isEmpty();
            assertThat(a.sessions().find(two.token())).isPresent();
            a.sessions().revokeAll("user-1");
            assertThat(b.sessions().find(two.token())).isEmpty();
            assertThat(b.sessions().list("user-1")).isEmpty();
            try (Jedis j = redis.jedis()) {
                assertThat(j.keys("authstash:*")).allSatisfy(k -> assertThat(j.pttl(k)).as(k).isNotEqualTo(-1L));
            }
        }
    }

    @Test
    void aSingleUseTokenGoesToExactlyOneOf200ConcurrentConsumersAcrossInstances() throws Exception {
        AuthstashConfig config = config(Algorithm.FIXED_WINDOW);
        try (Authstash a = Upstash.instance(config); Authstash b = Upstash.instance(config)) {
            String token = a.oneTimeTokens().issuePasswordReset("ann@example.com");
            List<Authstash> apps = List.of(a, b);
            List<Optional<String>> got = Race.run(200, t -> apps.get(t % 2).oneTimeTokens()
                    .consumePasswordReset(token));
            assertThat(got.stream().filter(Optional::isPresent).map(Optional::get).filter(Objects::nonNull))
                    .containsExactly("ann@example.com");
            String code = a.oneTimeTokens().issueOtp("email-verification", "bob@example.com");
            assertThat(b.oneTimeTokens().verifyOtp("email-verification", "bob@example.com", "000000".equals(code)
                    ? "111111" : "000000")).isNotEqualTo(OtpResult.VERIFIED);
            assertThat(b.oneTimeTokens().verifyOtp("email-verification", "bob@example.com", code))
                    .isEqualTo(OtpResult.VERIFIED);
            assertThat(a.oneTimeTokens().verifyOtp("email-verification", "bob@example.com", code))
                    .as("an OTP is used once").isNotEqualTo(OtpResult.VERIFIED);
        }
    }
}
