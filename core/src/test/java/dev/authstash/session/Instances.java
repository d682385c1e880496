package dev.authstash.session;

import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.CircuitBreakerSettings;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Application instances for the revocation tests: each with its own Redis pool and breaker, one shared database. */
final class Instances {
    private Instances() {}

    /** One instance: short timeouts (100 ms) so an outage shows quickly; its breaker opens at the first failure, for {@code openMillis}. */
    record Instance(RedisStorage redis, CircuitBreaker breaker, SessionStore store) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            redis.close();
        }
    }

    static Instance open(String redisUrl, SessionDatabase db, Clock clock, long openMillis) {
        RedisStorage redis = RedisStorage.create(new StorageSettings(redisUrl, List.of(),
                StorageSettings.DEFAULT_KEY_PREFIX, 8, Duration.ofMillis(100), Duration.ofMillis(100), 1000));
        CircuitBreaker breaker = new CircuitBreaker(new CircuitBreakerSettings(1, Duration.ofMillis(openMillis)),
                Clock.systemUTC());
        return new Instance(redis, breaker, new SessionStore(redis, db, Modes.storeInDatabase(true), clock, breaker));
    }

    /** Polls {@code lookup} until it is empty, at most 20 s; returns its last answer. */
    static Optional<Session> awaitRefused(Supplier<Optional<Session>> lookup) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        Optional<Session> last = lookup.get();
        while (last.isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = lookup.get();
        }
        return last;
    }

    /** Waits (at most 10 s) until {@code redis} answers PING again, e.g. after CLIENT PAUSE. */
    static void awaitAnswering(RedisProcess redis) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var j = redis.jedis()) {
                j.ping();
                return;
            } catch (RuntimeException stillPaused) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis did not answer within 10 s");
    }
}
