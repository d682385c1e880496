package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants of every decision over random request timings, for every algorithm. */
class DecisionPropertyTest {

    @Test
    void decisionsStayInBoundsAndRetryAfterIsHonest() {
        Cases.check(500, gen -> decisionsStayInBoundsAndRetryAfterIsHonest(gen.anyOf(Algorithm.class),
                gen.between(1, 30), gen.between(1, 20), gen.between(0, 59_999),
                gen.list(200, () -> gen.between(0, 3_000))));
    }

    private static void decisionsStayInBoundsAndRetryAfterIsHonest(Algorithm algorithm, int window, int max,
                                                                    int phaseMs, List<Integer> gapsMs) {
        MutableClock clock = new MutableClock();
        clock.advance(Duration.ofMillis(phaseMs));
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 10);
        RateLimitRule rule = new RateLimitRule("p", window, max, algorithm);
        for (int gap : gapsMs) {
            clock.advance(Duration.ofMillis(gap));
            RateLimitDecision d = store.consume("c", rule);
            assertThat(d.rule()).isEqualTo(rule);
            if (d.allowed()) {
                assertThat(d.retryAfterSeconds()).isZero();
                assertThat(d.remaining()).isBetween(0L, max - 1L);
                assertThat(d.resetSeconds()).isBetween(1L, 2L * window);
                continue;
            }
            assertThat(d.remaining()).isZero();
            assertThat(d.retryAfterSeconds()).isBetween(1L, (long) window);
            assertThat(d.resetSeconds()).isBetween(0L, 2L * window);
            // waiting retryAfter is enough (sliding window: plus at most window/max when clamped to the window)
            long wait = d.retryAfterSeconds();
            if (algorithm == Algorithm.SLIDING_WINDOW && wait == window) {
                wait += (window + max - 1) / max;
            }
            clock.advance(Duration.ofSeconds(wait));
            assertThat(store.consume("c", rule).allowed()).as("allowed after waiting %d s", wait).isTrue();
        }
    }

    @Test
    void neverMoreThanMaxInOneInstant() {
        Cases.check(200, gen -> neverMoreThanMaxInOneInstant(gen.anyOf(Algorithm.class), gen.between(1, 50),
                gen.between(1, 100)));
    }

    private static void neverMoreThanMaxInOneInstant(Algorithm algorithm, int max, int requests) {
        MemoryRateLimitStore store = new MemoryRateLimitStore(new MutableClock(), 10);
        RateLimitRule rule = new RateLimitRule("p", 7, max, algorithm);
        long allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += store.consume("c", rule).allowed() ? 1 : 0;
        }
        assertThat(allowed).as("%s max %d requests %d", algorithm, max, requests).isEqualTo(Math.min(max, requests));
    }
}
