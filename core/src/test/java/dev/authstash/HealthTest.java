package dev.authstash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.config.AuthstashConfig;
import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.FunctionStorage;
import dev.authstash.testkit.RedisProcess;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@link Authstash#health()}: backend, probe result, breaker state, last error, against a real Redis. */
class HealthTest {

    @Test
    void memoryIsUpAndHasNoError() {
        try (Authstash a = Authstash.builder(AuthstashConfig.defaults()).environment(k -> null).build()) {
            Health h = a.health();
            assertThat(h.up()).isTrue();
            assertThat(h.backend()).isEqualTo("memory");
            assertThat(h.circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(h.lastError()).isEmpty();
        }
    }

    @Test
    void redisDownIsReportedWithTheBreakerStateAndLastErrorThenRecovers() throws InterruptedException {
        try (RedisProcess redis = RedisProcess.launch();
             Authstash a = Authstash.builder(AuthstashConfig.builder().redisUrl(redis.url()).socketTimeoutMillis(1000)
                     .connectTimeoutMillis(1000).circuitBreaker(2, 1).build()).environment(k -> null)
                     .secret("h".repeat(32)).build()) {
            assertThat(a.health()).extracting(Health::up, Health::backend, Health::circuit)
                    .containsExactly(true, "redis", CircuitBreaker.State.CLOSED);
            redis.stop();
            Health first = a.health();
            assertThat(first.up()).isFalse();
            assertThat(first.circuit()).isEqualTo(CircuitBreaker.State.CLOSED); // 1 of 2 failures
            assertThat(first.lastError()).get().extracting(CircuitBreaker.Failure::error).asString()
                    .contains("Exception");
            Health second = a.health();
            assertThat(second.up()).isFalse();
            assertThat(second.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(a.health().up()).isFalse(); // fails fast while open
            redis.start();
            long deadline = System.nanoTime() + 10_000_000_000L; // next probe after the 1 s open period
            Health h = a.health();
            while (!h.up() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                h = a.health();
            }
            assertThat(h.up()).isTrue();
            assertThat(h.circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(h.lastError()).isPresent(); // kept after recovery
        }
    }

    @Test
    void aStorageOfYourOwnIsNamedAfterItsClass() {
        Map<String, String> map = new ConcurrentHashMap<>();
        FunctionStorage storage = FunctionStorage.of(map::get, (k, v, ttl) -> map.put(k, v), map::remove, map::remove,
                (k, ttl) -> Long.parseLong(map.merge(k, "1", (old, one) -> Long.toString(Long.parseLong(old) + 1))));
        try (Authstash a = Authstash.builder(AuthstashConfig.defaults()).storage(storage).environment(k -> null)
                .secret("h".repeat(32)).build()) {
            assertThat(a.health().backend()).isEqualTo("function");
            assertThat(a.health().up()).isTrue();
        }
    }
}
