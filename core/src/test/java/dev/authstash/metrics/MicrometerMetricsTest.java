package dev.authstash.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitUnavailableException;
import dev.authstash.session.JdbcSessionDatabase;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.token.OtpResult;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Every meter of docs/metrics.md, driven through a real Redis (up, then killed). */
class MicrometerMetricsTest {
    private static final String SECRET = "m".repeat(32);
    private static final String CLIENT = "203.0.113.77";
    private static final AtomicInteger TABLES = new AtomicInteger();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Authstash authstash(String redisUrl, OnStorageError policy, boolean database) {
        AuthstashConfig config = AuthstashConfig.builder().redisUrl(redisUrl).basePath("/api/auth")
                .socketTimeoutMillis(1000).connectTimeoutMillis(1000).customRule("/sign-in", 60, 2)
                .onStorageError(policy).storeSessionInDatabase(database).circuitBreaker(3, 3600).build();
        Authstash.Builder b = Authstash.builder(config).secret(SECRET).environment(k -> null)
                .metrics(new MicrometerMetrics(registry));
        if (database) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:metrics;DB_CLOSE_DELAY=-1");
            JdbcSessionDatabase db = new JdbcSessionDatabase(h2, "metrics_session_" + TABLES.incrementAndGet());
            db.createTable();
            b.sessionDatabase(db);
        }
        return b.build();
    }

    private double count(String name, String... tags) {
        var search = registry.find(name).tags(tags);
        if (search.counter() != null) {
            return search.counter().count();
        }
        return search.timer() == null ? 0 : search.timer().count();
    }

    private double gauge(String state) {
        return registry.get(MicrometerMetrics.CIRCUIT_STATE).tag("state", state).gauge().value();
    }

    @Test
    void decisionsStorageCallsSessionsAndOneTimeValuesAreCounted() {
        try (RedisProcess redis = RedisProcess.launch();
             Authstash a = authstash(redis.url(), OnStorageError.LOCAL, false)) {
            for (int i = 0; i < 3; i++) {
                a.rateLimiter().check("/api/auth/sign-in", CLIENT);
            }
            a.rateLimiter().check("/api/auth/other", CLIENT);
            assertThat(count(MicrometerMetrics.DECISIONS, "rule", "/sign-in", "outcome", "allowed")).isEqualTo(2);
            assertThat(count(MicrometerMetrics.DECISIONS, "rule", "/sign-in", "outcome", "limited")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.DECISIONS, "rule", "default", "outcome", "allowed")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "rate_limit", "outcome", "success"))
                    .isEqualTo(4);

            String token = a.sessions().create("user-1", CLIENT, "test", null).token();
            assertThat(a.sessions().find(token)).isPresent();
            assertThat(a.sessions().find("not-a-token")).isEmpty();
            assertThat(count(MicrometerMetrics.SESSION_LOOKUPS, "source", "storage")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.SESSION_LOOKUPS, "source", "miss")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "session_write", "outcome", "success"))
                    .isEqualTo(1);
            assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "session_read", "outcome", "success"))
                    .isEqualTo(2); // a well-formed unknown token is looked up too

            String reset = a.oneTimeTokens().issuePasswordReset("a@example.com");
            assertThat(a.oneTimeTokens().consumePasswordReset(reset)).isPresent();
            assertThat(a.oneTimeTokens().consumePasswordReset(reset)).isEmpty();
            String code = a.oneTimeTokens().issueOtp("sign-in", "a@example.com");
            String wrong = code.equals("0".repeat(code.length())) ? "1".repeat(code.length()) : "0".repeat(code.length());
            assertThat(a.oneTimeTokens().verifyOtp("sign-in", "a@example.com", wrong)).isEqualTo(OtpResult.INVALID);
            assertThat(a.oneTimeTokens().verifyOtp("sign-in", "a@example.com", code)).isEqualTo(OtpResult.VERIFIED);
            assertThat(count(MicrometerMetrics.ONE_TIME, "type", "token", "outcome", "issued")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.ONE_TIME, "type", "token", "outcome", "consumed")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.ONE_TIME, "type", "token", "outcome", "missing")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.ONE_TIME, "type", "otp", "outcome", "issued")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.ONE_TIME, "type", "otp", "outcome", "invalid")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.ONE_TIME, "type", "otp", "outcome", "verified")).isEqualTo(1);
            assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "get_and_delete", "outcome", "success"))
                    .isEqualTo(2);
            assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "one_time", "outcome", "success"))
                    .as("an OTP issue or verify is one script").isEqualTo(3);

            assertThat(gauge("closed")).isEqualTo(1);
            assertThat(gauge("open")).isZero();
            assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags())
                    .noneMatch(t -> t.getValue().contains(CLIENT) || t.getValue().contains("user-1"));
        }
    }

    @Test
    void outageOutcomesFollowThePolicyAndTheBreakerState() {
        for (OnStorageError policy : OnStorageError.values()) {
            try (RedisProcess redis = RedisProcess.launch();
                 Authstash a = authstash(redis.url(), policy, true)) {
                String token = a.sessions().create("user-2", CLIENT, "test", null).token();
                redis.stop();
                for (int i = 0; i < 5; i++) {
                    try {
                        a.rateLimiter().check("/api/auth/sign-in", CLIENT);
                    } catch (RateLimitUnavailableException e) {
                        assertThat(policy).isEqualTo(OnStorageError.DENY);
                    }
                }
                String outcome = switch (policy) {
                    case LOCAL -> "local_fallback";
                    case ALLOW -> "allowed_on_error";
                    case DENY -> "denied_on_error";
                };
                assertThat(count(MicrometerMetrics.DECISIONS, "rule", "/sign-in", "outcome", outcome)).isEqualTo(5);
                assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "rate_limit", "outcome", "error"))
                        .isEqualTo(3); // failureThreshold 3 opens the circuit
                assertThat(count(MicrometerMetrics.STORAGE_CALLS, "operation", "rate_limit", "outcome", "rejected"))
                        .isEqualTo(2);
                assertThat(gauge("open")).isEqualTo(1);
                assertThat(gauge("closed")).isZero();
                assertThat(a.sessions().find(token)).isPresent();
                assertThat(count(MicrometerMetrics.SESSION_LOOKUPS, "source", "database")).isEqualTo(1);
                assertThat(count(MicrometerMetrics.SESSION_LOOKUPS, "source", "storage")).isZero();
            }
            registry.clear();
        }
    }

    @Test
    void denyOutcomeIsCountedBeforeThe503() {
        try (RedisProcess redis = RedisProcess.launch();
             Authstash a = authstash(redis.url(), OnStorageError.DENY, false)) {
            redis.stop();
            assertThatThrownBy(() -> a.rateLimiter().check("/api/auth/x", CLIENT))
                    .isInstanceOf(RateLimitUnavailableException.class);
            assertThat(count(MicrometerMetrics.DECISIONS, "rule", "default", "outcome", "denied_on_error"))
                    .isEqualTo(1);
            assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                    .contains(MicrometerMetrics.CIRCUIT_STATE, MicrometerMetrics.DECISIONS,
                            MicrometerMetrics.STORAGE_CALLS);
        }
    }
}
