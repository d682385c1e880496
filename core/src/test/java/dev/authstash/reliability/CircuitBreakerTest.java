package dev.authstash.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.CircuitBreaker.State;
import dev.authstash.storage.CircuitBreakerSettings;
import dev.authstash.storage.StorageBusyException;
import dev.authstash.storage.StorageException;
import dev.authstash.testkit.MutableClock;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The breaker's states on a moved clock; a counting step stands for the storage. */
class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock();
    private final CircuitBreaker breaker =
            new CircuitBreaker(new CircuitBreakerSettings(3, Duration.ofSeconds(2)), clock);
    private final AtomicInteger reached = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile boolean timeouts;

    private String storage() {
        reached.incrementAndGet();
        if (down.get()) {
            throw timeouts ? new StorageException("Redis GET failed", new SocketTimeoutException("Read timed out"))
                    : new StorageException("Redis GET failed: Connection refused");
        }
        return "v";
    }

    /** Calls through the breaker; true = the storage answered. */
    private boolean call() {
        try {
            return "v".equals(breaker.call(this::storage));
        } catch (StorageException e) {
            return false;
        }
    }

    @Test
    void opensAfterThresholdConsecutiveFailuresOnly() {
        down.set(true);
        call();
        call();
        down.set(false);
        assertThat(call()).isTrue(); // a success resets the count
        down.set(true);
        call();
        call();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        call();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        int before = reached.get();
        for (int i = 0; i < 1000; i++) {
            assertThat(call()).isFalse();
        }
        assertThat(reached.get()).isEqualTo(before); // fail fast: the storage is not touched
        assertThat(breaker.rejected()).isEqualTo(1000);
    }

    /** Opens the breaker with three timeouts one after another; the storage is reached 3 times. */
    private void openWithTimeouts() {
        down.set(true);
        timeouts = true;
        for (int i = 0; i < 3; i++) {
            call();
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        reached.set(0);
    }

    @Test
    void oneSlowMomentThatFailsEveryCallInFlightCountsAsOneFailure() throws Exception {
        down.set(true);
        timeouts = true;
        CountDownLatch allInFlight = new CountDownLatch(50);
        List<Boolean> answered = dev.authstash.testkit.Race.run(50, t -> {
            try {
                return "v".equals(breaker.call(() -> {
                    allInFlight.countDown();
                    await(allInFlight); // every call is in flight when the first one times out
                    return storage();
                }));
            } catch (StorageException e) {
                return false;
            }
        });
        assertThat(answered).hasSize(50).containsOnly(false);
        assertThat(breaker.state()).as("50 overlapping timeouts are one failure").isEqualTo(State.CLOSED);
        call();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        call(); // the third failure of calls made one after another
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aBusyPoolIsBackPressureNotAFailure() {
        for (int i = 0; i < 1000; i++) {
            assertThatThrownBy(() -> breaker.call(() -> { throw new StorageBusyException("pool", null); }))
                    .isInstanceOf(StorageBusyException.class);
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.rejected()).isZero();
        openWithTimeouts();
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> breaker.call(() -> { throw new StorageBusyException("pool", null); }))
                .isInstanceOf(StorageBusyException.class); // a busy probe says nothing: the next call probes
        down.set(false);
        assertThat(call()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aDownStorageCostsOneAttemptPerProbePeriodAndRecoveryClosesIt() {
        openWithTimeouts();
        for (int period = 1; period <= 5; period++) {
            for (int i = 0; i < 200; i++) {
                call();
            }
            clock.advance(Duration.ofMillis(1999));
            call();
            assertThat(reached.get()).as("attempts after %d periods", period).isEqualTo(period - 1);
            clock.advance(Duration.ofMillis(1));
            call(); // the probe of this period: fails, opens again
            assertThat(reached.get()).isEqualTo(period);
            assertThat(breaker.state()).isEqualTo(State.OPEN);
        }
        down.set(false);
        assertThat(call()).isFalse(); // still open until the period ends
        clock.advance(Duration.ofSeconds(2));
        assertThat(call()).isTrue(); // the probe succeeds
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        int before = reached.get();
        for (int i = 0; i < 100; i++) {
            assertThat(call()).isTrue();
        }
        assertThat(reached.get()).isEqualTo(before + 100);
    }

    @Test
    void whileTheProbeIsInFlightEveryOtherCallFailsFast() throws Exception {
        openWithTimeouts();
        clock.advance(Duration.ofSeconds(2));
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(51);
        try {
            Future<String> probe = pool.submit(() -> breaker.call(() -> {
                reached.incrementAndGet();
                probing.countDown();
                await(release);
                return "v";
            }));
            assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
            List<Future<Boolean>> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                others.add(pool.submit(this::call));
            }
            for (Future<Boolean> f : others) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isFalse();
            }
            assertThat(reached.get()).isEqualTo(1); // the probe only
            release.countDown();
            assertThat(probe.get(10, TimeUnit.SECONDS)).isEqualTo("v");
            assertThat(breaker.state()).isEqualTo(State.CLOSED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aProbeEndingWithAnUnrelatedExceptionLetsTheNextCallProbe() {
        openWithTimeouts();
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> breaker.call(() -> { throw new IllegalStateException("bug"); }))
                .isInstanceOf(IllegalStateException.class);
        down.set(false);
        assertThat(call()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void eachStateChangeIsLoggedOnceNotPerCallOrProbe() {
        try (LogCapture log = new LogCapture()) {
            down.set(true);
            for (int period = 0; period < 4; period++) {
                for (int i = 0; i < 100; i++) {
                    call();
                }
                clock.advance(Duration.ofSeconds(2));
            }
            down.set(false);
            call();
            for (int i = 0; i < 100; i++) {
                call();
            }
            assertThat(log.count("circuit opened")).isEqualTo(1);
            assertThat(log.count("circuit closed")).isEqualTo(1);
            assertThat(log.text()).contains("WARN").contains("INFO").contains("3 consecutive failures");
        }
    }

    @Test
    void settingsRejectImpossibleValues() {
        assertThatThrownBy(() -> new CircuitBreakerSettings(0, Duration.ofSeconds(1)))
                .hasMessage("failureThreshold must be at least 1, got 0");
        assertThatThrownBy(() -> new CircuitBreakerSettings(1, Duration.ZERO))
                .hasMessage("openDuration must be positive, got PT0S");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
