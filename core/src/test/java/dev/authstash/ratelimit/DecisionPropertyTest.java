package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of every decision over random request timings, for every algorithm. */
class DecisionPropertyTest {

    @Property(tries = 500)
    void decisionsStayInBoundsAndRetryAfterIsHonest(@ForAll Algorithm algorithm,
                                                     @ForAll @IntRange(min = 1, max = 30) int window,
                                                     @ForAll @IntRange(min = 1, max = 20) int max,
                                                     @ForAll @IntRange(max = 59_999) int phaseMs,
                                                     @ForAll @Size(max = 200) List<@IntRange(max = 3_000) Integer> gapsMs) {
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

    @Property(tries = 200)
    void neverMoreThanMaxInOneInstant(@ForAll Algorithm algorithm, @ForAll @IntRange(min = 1, max = 50) int max,
                                      @ForAll @IntRange(min = 1, max = 100) int requests) {
        MemoryRateLimitStore store = new MemoryRateLimitStore(new MutableClock(), 10);
        RateLimitRule rule = new RateLimitRule("p", 7, max, algorithm);
        long allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += store.consume("c", rule).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(Math.min(max, requests));
    }
}
