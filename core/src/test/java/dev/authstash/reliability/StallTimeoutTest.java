package dev.authstash.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RateLimitUnavailableException;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Timeouts that hold, without a circuit breaker (every decision goes to Redis): while a real Redis is stalled,
 * every decision ends with the onStorageError answer (deny) — which only happens if the client gives up after its
 * socket timeout and pool wait, since waiting would end in a Redis answer once the stall is over. 8 threads share
 * a pool of 2 connections, so most decisions first wait for a connection. Durations are printed, never asserted.
 */
class StallTimeoutTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);
    private RedisProcess redis;
    private RedisStorage storage;
    private RateLimiter limiter;
    private final ExecutorService background = Stalls.background();

    @BeforeEach
    void start() {
        redis = RedisProcess.launch();
        StorageSettings d = StorageSettings.defaults();
        Duration fifty = Duration.ofMillis(50); // connect, socket and pool-wait timeouts
        storage = RedisStorage.create(new StorageSettings(redis.url(), List.of(), d.keyPrefix(), 2, fifty, fifty,
                d.memoryMaxEntries(), fifty));
        RateLimitSettings settings = new RateLimitSettings(true, 60, 1000, Algorithm.FIXED_WINDOW, true, List.of(),
                OnStorageError.DENY, false);
        limiter = RateLimiter.create("", settings, new RedisRateLimitStore(storage), new MutableClock());
        for (int i = 0; i < 4; i++) {
            warm("c" + i); // script loaded, pool filled
        }
    }

    /** One decision answered by Redis; retried, as a busy test machine may miss a 50 ms timeout once. */
    private void warm(String client) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                limiter.check("/warm", client);
                return;
            } catch (RateLimitUnavailableException e) {
                // try again
            }
        }
        throw new IllegalStateException("Redis never answered within the 50 ms timeout");
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        storage.close();
        redis.stop();
    }

    @Test
    void duringClientPauseEveryDecisionEndsWithThePolicy() {
        Stalls.clientPause(redis.port(), 2000);
        List<Boolean> denied = assertTimeoutPreemptively(HANG_GUARD, () -> decide(8, 2, "pause"));
        assertThat(denied).hasSize(16).containsOnly(true);
    }

    @Test
    void duringDebugSleepEveryDecisionEndsWithThePolicy() throws Exception {
        Future<?> sleeping = Stalls.debugSleep(redis.port(), 2, background);
        List<Boolean> denied = assertTimeoutPreemptively(HANG_GUARD, () -> decide(8, 2, "sleep"));
        assertThat(denied).hasSize(16).containsOnly(true);
        sleeping.get(10, TimeUnit.SECONDS);
        warm("after"); // Redis answers again
    }

    /** {@code threads × perThread} decisions; true = denied by the policy (store failed). */
    private List<Boolean> decide(int threads, int perThread, String label) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong slowestNanos = new AtomicLong();
        try {
            List<Future<List<Boolean>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    List<Boolean> out = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long start = System.nanoTime();
                        try {
                            limiter.check("/x", "client" + id);
                            out.add(false);
                        } catch (RateLimitUnavailableException e) {
                            out.add(true);
                        }
                        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    }
                    return out;
                }));
            }
            List<Boolean> all = new ArrayList<>();
            for (Future<List<Boolean>> f : futures) {
                all.addAll(f.get());
            }
            System.out.printf("[figures] %s: %d decisions, slowest %d ms (socket timeout 50 ms, pool wait 50 ms)%n",
                    label, all.size(), TimeUnit.NANOSECONDS.toMillis(slowestNanos.get()));
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
