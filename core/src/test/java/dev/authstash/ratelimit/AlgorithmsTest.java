package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three algorithms' arithmetic, through the memory store and a hand-moved clock. */
class AlgorithmsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 1000);

    private RateLimitDecision hit(RateLimitRule rule) {
        return store.consume("k", rule);
    }

    private void advanceMs(long ms) {
        clock.advance(Duration.ofMillis(ms));
    }

    @Test
    void fixedWindowOpensAtFirstRequestAndRefusalsDoNotConsume() {
        RateLimitRule rule = new RateLimitRule("r", 60, 3, Algorithm.FIXED_WINDOW);
        advanceMs(10_000); // not aligned: the window opens here
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 2, 60, 0));
        advanceMs(500);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 1, 60, 0)); // 59.5 s rounded up
        assertThat(hit(rule).remaining()).isZero();
        advanceMs(30_000);
        for (int i = 0; i < 5; i++) {
            assertThat(hit(rule)).isEqualTo(new RateLimitDecision(false, rule, 0, 30, 30));
        }
        advanceMs(29_499);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(false, rule, 0, 1, 1));
        advanceMs(1);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 2, 60, 0));
    }

    @Test
    void slidingWindowWeighsThePreviousWindow() {
        RateLimitRule rule = new RateLimitRule("r", 10, 10, Algorithm.SLIDING_WINDOW);
        advanceMs(5_000); // half-way through an aligned window
        for (int i = 0; i < 10; i++) {
            RateLimitDecision d = hit(rule);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(9 - i);
            assertThat(d.resetSeconds()).isEqualTo(15); // decays to 0 at the end of the next window
        }
        // 10 in the current window: next window at 10 % elapsed lets one through (10*0.9 + 0 + 1 <= 10)
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(false, rule, 0, 15, 6));
        advanceMs(5_999);
        assertThat(hit(rule).allowed()).isFalse();
        advanceMs(1);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 0, 19, 0));
        // half-way through this window the previous 10 weigh 5: 4 more fit (5 + 1 counted + 4 = 10)
        advanceMs(4_000);
        for (int i = 0; i < 4; i++) {
            assertThat(hit(rule).allowed()).isTrue();
        }
        RateLimitDecision refused = hit(rule);
        assertThat(refused.allowed()).isFalse();
        // prev 10, cur 5 at elapsed 5 s: 10*(5 - d) <= 4*10 → d = 1 s
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        advanceMs(1_000);
        assertThat(hit(rule).allowed()).isTrue();
    }

    @Test
    void slidingWindowRetryAfterIsClampedToTheWindowAfterABurstAtTheWindowStart() {
        RateLimitRule rule = new RateLimitRule("r", 10, 10, Algorithm.SLIDING_WINDOW);
        for (int i = 0; i < 10; i++) {
            assertThat(hit(rule).allowed()).isTrue();
        }
        // exact wait would be 10 s + 1 s (the burst weighs 10 at the next window's start): reported as 10
        assertThat(hit(rule).retryAfterSeconds()).isEqualTo(10);
        advanceMs(10_000);
        RateLimitDecision again = hit(rule);
        assertThat(again.allowed()).isFalse();
        assertThat(again.retryAfterSeconds()).isEqualTo(1);
        advanceMs(1_000);
        assertThat(hit(rule).allowed()).isTrue();
        advanceMs(20_000); // two full windows later both counts are gone
        assertThat(hit(rule).remaining()).isEqualTo(9);
    }

    @Test
    void tokenBucketRefillsOneTokenPerEmissionInterval() {
        RateLimitRule rule = new RateLimitRule("r", 10, 5, Algorithm.TOKEN_BUCKET); // one token per 2 s
        for (int i = 0; i < 5; i++) {
            assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 4 - i, 2L * (i + 1), 0));
        }
        for (int i = 0; i < 20; i++) { // refusals do not push the bucket further
            assertThat(hit(rule)).isEqualTo(new RateLimitDecision(false, rule, 0, 10, 2));
        }
        advanceMs(1_999);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(false, rule, 0, 9, 1));
        advanceMs(1);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 0, 10, 0));
        assertThat(hit(rule).allowed()).isFalse();
        advanceMs(10_000);
        assertThat(hit(rule)).isEqualTo(new RateLimitDecision(true, rule, 4, 2, 0));
    }

    @Test
    void tokenBucketWithAnUnevenIntervalStillAllowsExactlyMax() {
        RateLimitRule rule = new RateLimitRule("r", 1, 3, Algorithm.TOKEN_BUCKET); // 333.333 ms per token
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += hit(rule).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(3);
        RateLimitDecision refused = hit(rule);
        assertThat(refused.resetSeconds()).isEqualTo(1);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }
}
