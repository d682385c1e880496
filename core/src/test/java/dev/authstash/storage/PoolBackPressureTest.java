package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RateLimitUnavailableException;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * A real Redis, a pool of one connection held by a call stalled in {@code CLIENT PAUSE}: the other callers get
 * {@link StorageBusyException} after {@code poolWait}, which the breaker (threshold 1, the most sensitive) does not
 * count and the limiter refuses with 503 instead of deciding locally; a dead server is an outage, not busy.
 */
class PoolBackPressureTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void aBusyPoolNeverOpensTheBreakerNorLiftsTheLimit() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (RedisProcess redis = RedisProcess.launch();
             RedisStorage storage = RedisStorage.create(new StorageSettings(redis.url(), List.of(), "authstash:", 1,
                     LONG, LONG, 10, Duration.ofMillis(100)))) {
            MutableClock clock = new MutableClock();
            CircuitBreaker breaker = new CircuitBreaker(new CircuitBreakerSettings(1, Duration.ofSeconds(1)), clock);
            RateLimitSettings settings = new RateLimitSettings(true, 3600, 3, Algorithm.FIXED_WINDOW, true, List.of(),
                    OnStorageError.LOCAL, false);
            RateLimiter limiter = RateLimiter.create("", settings, new RedisRateLimitStore(storage), clock, breaker);
            assertThat(limiter.check("/x", "c").orElseThrow().allowed()).isTrue(); // the one connection is made

            try (var admin = redis.jedis()) {
                admin.clientPause(4000, ClientPauseMode.ALL); // longer than the 21 waits of 100 ms below
            }
            Future<Boolean> holder = background.submit(() -> limiter.check("/x", "c").orElseThrow().allowed());
            awaitActive(storage, 1);
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> limiter.check("/x", "c")).isInstanceOf(RateLimitUnavailableException.class)
                        .hasCauseInstanceOf(StorageBusyException.class)
                        .satisfies(e -> assertThat(((RateLimitUnavailableException) e).retryAfterSeconds()).isEqualTo(1));
            }
            assertThatThrownBy(() -> breaker.guard(storage).get("k")).isInstanceOf(StorageBusyException.class)
                    .hasMessageContaining("poolWaitMillis=100");
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(limiter.busyRefusals()).isEqualTo(20);
            assertThat(limiter.fallbackDecisions()).isZero();

            assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue(); // Redis answers once the pause is over
            assertThat(limiter.check("/x", "c").orElseThrow().allowed()).isTrue();
            assertThat(limiter.check("/x", "c").orElseThrow().allowed()).as("exactly 3: busy refusals never counted")
                    .isFalse();

            redis.stop();
            assertThatThrownBy(() -> storage.get("k")).isInstanceOf(StorageException.class)
                    .isNotInstanceOf(StorageBusyException.class); // an outage, for the breaker and onStorageError
        } finally {
            background.shutdownNow();
        }
    }

    private static void awaitActive(RedisStorage storage, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (((PooledJedis) storage.client()).pool().getNumActive() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pooled connection was never taken");
            }
            Thread.sleep(5);
        }
    }
}
