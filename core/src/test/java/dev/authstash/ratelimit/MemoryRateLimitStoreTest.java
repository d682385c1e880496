package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class MemoryRateLimitStoreTest {
    private final MutableClock clock = new MutableClock();

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void exactlyMaxOf200ConcurrentRequestsAndAgainAfterTheWindow(Algorithm algorithm) throws Exception {
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 1000);
        RateLimitRule rule = new RateLimitRule("exact", 60, 10, algorithm);
        List<RateLimitDecision> first = Concurrent.run(200, i -> store.consume("client", rule));
        assertThat(Concurrent.allowed(first)).isEqualTo(10);
        assertThat(first).filteredOn(d -> !d.allowed())
                .allSatisfy(d -> assertThat(d.retryAfterSeconds()).isBetween(1L, 60L));
        assertThat(first).filteredOn(RateLimitDecision::allowed).extracting(RateLimitDecision::remaining)
                .containsExactlyInAnyOrder(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        // sliding window: a burst at an aligned window start still weighs fully at the next start → two windows
        clock.advance(Duration.ofSeconds(algorithm == Algorithm.SLIDING_WINDOW ? 120 : 60));
        List<RateLimitDecision> second = Concurrent.run(200, i -> store.consume("client", rule));
        assertThat(Concurrent.allowed(second)).isEqualTo(10);
    }

    @Test
    void clientsAreIndependent() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 1000);
        RateLimitRule rule = new RateLimitRule("r", 60, 1, Algorithm.FIXED_WINDOW);
        assertThat(store.consume("a", rule).allowed()).isTrue();
        assertThat(store.consume("a", rule).allowed()).isFalse();
        assertThat(store.consume("b", rule).allowed()).isTrue();
    }

    @Test
    void keysExpireWithTheClockAndTheStoreIsBounded() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 100);
        RateLimitRule rule = new RateLimitRule("r", 10, 5, Algorithm.TOKEN_BUCKET);
        for (int i = 0; i < 1000; i++) {
            store.consume("client-" + i, rule);
        }
        assertThat(store.size()).isLessThanOrEqualTo(100);
        store.consume("last", rule);
        clock.advance(Duration.ofSeconds(3)); // one token = 2 s; the bucket is full again after 2 s
        assertThat(store.size()).isZero();
    }

    /** Counted in place: a key's later counts keep it as long as its state is of use, past its first expiry. */
    @Test
    void aCounterCountedAfterItsCreationOutlivesItsFirstExpiry() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 100);
        RateLimitRule rule = new RateLimitRule("r", 10, 5, Algorithm.TOKEN_BUCKET);
        for (int i = 0; i < 5; i++) {
            assertThat(store.consume("k", rule).remaining()).isEqualTo(4 - i); // created with a 2 s expiry
        }
        assertThat(store.consume("k", rule).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(9)); // the bucket refilled 4 tokens, not 5
        assertThat(store.consume("k", rule).remaining()).isEqualTo(3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(store.size()).isZero();
    }

    /** Many threads over a few fresh keys at once: the insert race (putIfAbsent) loses no count. */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void concurrentFirstRequestsOnSeveralKeysAdmitExactlyMaxEach(Algorithm algorithm) throws Exception {
        MemoryRateLimitStore store = new MemoryRateLimitStore(clock, 1000);
        RateLimitRule rule = new RateLimitRule("exact", 60, 7, algorithm);
        List<RateLimitDecision> all = Concurrent.run(160, i -> store.consume("client-" + i % 4, rule));
        assertThat(Concurrent.allowed(all)).isEqualTo(28);
        for (int k = 0; k < 4; k++) {
            assertThat(store.consume("client-" + k, rule).allowed()).isFalse();
        }
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new MemoryRateLimitStore(clock, 0)).hasMessageContaining("maxKeys")
                .hasMessageContaining("0");
    }
}
