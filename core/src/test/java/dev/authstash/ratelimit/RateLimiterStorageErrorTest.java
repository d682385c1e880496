package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** onStorageError policies while a real Redis is down (SIGKILL), and back. */
class RateLimiterStorageErrorTest {
    private RedisProcess redis;
    private RedisStorage storage;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() {
        redis = RedisProcess.launch();
        storage = RedisStorage.create(RedisTestSettings.url(redis.url()));
    }

    @AfterEach
    void stop() {
        storage.close();
        redis.stop();
    }

    private RateLimiter limiter(OnStorageError policy) {
        RateLimitSettings settings = new RateLimitSettings(true, 60, 3, Algorithm.SLIDING_WINDOW, true, List.of(),
                policy, false);
        return RateLimiter.create("/api/auth", settings, new RedisRateLimitStore(storage), clock);
    }

    @Test
    void localKeepsLimitingInProcessAndLogsFailureAndRecoveryOnce() throws Exception {
        RateLimiter limiter = limiter(OnStorageError.LOCAL);
        assertThat(limiter.check("/api/auth/x", "c").orElseThrow().allowed()).isTrue(); // counted in Redis
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            redis.stop();
            long allowed = 0;
            for (int i = 0; i < 10; i++) {
                allowed += limiter.check("/api/auth/x", "c").orElseThrow().allowed() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(3); // the fallback starts its own count
            assertThat(limiter.check("/api/auth/x", "other").orElseThrow().allowed()).isTrue();
            redis.start(); // same port, empty
            assertThat(RedisTestSettings.eventually(() -> {
                try {
                    return limiter.check("/api/auth/y", "c").orElseThrow().remaining() == 2; // fresh Redis count
                } catch (RuntimeException e) {
                    return false;
                }
            })).isTrue();
            limiter.check("/api/auth/y", "c");
        } finally {
            System.setErr(err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text.split("rate-limit store failed", -1)).hasSize(2);
        assertThat(text.split("rate-limit store recovered", -1)).hasSize(2);
        assertThat(text).contains("WARN").contains("INFO");
    }

    @Test
    void allowLetsEveryRequestThrough() {
        RateLimiter limiter = limiter(OnStorageError.ALLOW);
        redis.stop();
        for (int i = 0; i < 10; i++) {
            RateLimitDecision d = limiter.check("/api/auth/x", "c").orElseThrow();
            assertThat(d.allowed()).isTrue();
            assertThat(d.retryAfterSeconds()).isZero();
        }
    }

    @Test
    void denyThrowsUnavailableWithRetryAfter() {
        RateLimiter limiter = limiter(OnStorageError.DENY);
        assertThat(limiter.check("/api/auth/x", "c")).isPresent();
        redis.stop();
        assertThatThrownBy(() -> limiter.check("/api/auth/x", "c"))
                .isInstanceOfSatisfying(RateLimitUnavailableException.class,
                        e -> assertThat(e.retryAfterSeconds()).isBetween(1L, 60L));
    }
}
