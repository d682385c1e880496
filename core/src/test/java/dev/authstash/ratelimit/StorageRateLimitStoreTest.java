package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.MemoryStorage;
import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generic store over {@link MemoryStorage}: only {@code increment} and {@code get}. */
class StorageRateLimitStoreTest {
    private final MutableClock clock = new MutableClock();
    private final MemoryStorage storage = new MemoryStorage(10_000, clock);
    private final StorageRateLimitStore store = new StorageRateLimitStore(storage, clock);

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"FIXED_WINDOW", "SLIDING_WINDOW"})
    void exactlyMaxOf200ConcurrentRequestsAndAgainAfterTheWindow(Algorithm algorithm) throws Exception {
        RateLimitRule rule = new RateLimitRule("exact", 60, 10, algorithm);
        String key = RateLimitKeys.of(rule, "client");
        List<RateLimitDecision> first = Concurrent.run(200, i -> store.consume(key, rule));
        assertThat(Concurrent.allowed(first)).isEqualTo(10);
        assertThat(first).filteredOn(d -> !d.allowed())
                .allSatisfy(d -> assertThat(d.retryAfterSeconds()).isBetween(1L, 60L));
        clock.advance(Duration.ofSeconds(algorithm == Algorithm.SLIDING_WINDOW ? 120 : 60));
        assertThat(Concurrent.allowed(Concurrent.run(200, i -> store.consume(key, rule)))).isEqualTo(10);
    }

    @Test
    void fixedWindowReportsTheFullWindowAsReset() {
        RateLimitRule rule = new RateLimitRule("r", 30, 2, Algorithm.FIXED_WINDOW);
        assertThat(store.consume("k", rule)).isEqualTo(new RateLimitDecision(true, rule, 1, 30, 0));
        clock.advance(Duration.ofSeconds(10));
        assertThat(store.consume("k", rule)).isEqualTo(new RateLimitDecision(true, rule, 0, 30, 0));
        assertThat(store.consume("k", rule)).isEqualTo(new RateLimitDecision(false, rule, 0, 30, 30));
        clock.advance(Duration.ofSeconds(20)); // the window opened at the first request
        assertThat(store.consume("k", rule).allowed()).isTrue();
    }

    @Test
    void slidingWindowUsesThePreviousWindowCappedAtMax() {
        RateLimitRule rule = new RateLimitRule("r", 10, 4, Algorithm.SLIDING_WINDOW);
        for (int i = 0; i < 20; i++) { // 4 allowed, 16 refused but counted in the storage
            store.consume("k", rule);
        }
        clock.advance(Duration.ofSeconds(15)); // half-way through the next window: prev (capped 4) weighs 2
        assertThat(store.consume("k", rule)).extracting(RateLimitDecision::allowed, RateLimitDecision::remaining)
                .containsExactly(true, 1L);
        assertThat(store.consume("k", rule).allowed()).isTrue();
        assertThat(store.consume("k", rule).allowed()).isFalse();
    }

    @Test
    void tokenBucketIsRefusedNamingTheRuleAndTheAlgorithm() {
        RateLimitRule rule = new RateLimitRule("/sign-in/email", 60, 5, Algorithm.TOKEN_BUCKET);
        assertThatThrownBy(() -> store.consume("k", rule)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"/sign-in/email\"").hasMessageContaining("token-bucket");
        RateLimitSettings settings = new RateLimitSettings(true, 10, 100, Algorithm.TOKEN_BUCKET, true, List.of(),
                OnStorageError.LOCAL, false);
        assertThatThrownBy(() -> RateLimiter.create("", settings, store, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"default\"").hasMessageContaining("token-bucket");
    }
}
