package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.MutableClock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule selection through the one entry point, over the memory store. */
class RateLimiterTest {
    private final MutableClock clock = new MutableClock();
    private static final RateLimitRule EXACT = new RateLimitRule("/sign-in/email", 60, 2, Algorithm.FIXED_WINDOW);
    private static final RateLimitRule GLOB = new RateLimitRule("/sign-in/*", 60, 3, Algorithm.SLIDING_WINDOW);

    private RateLimiter limiter(String basePath, boolean enabled) {
        RateLimitSettings settings = new RateLimitSettings(enabled, 60, 4, Algorithm.TOKEN_BUCKET, false,
                List.of(new CustomRule("/sign-in/*", GLOB), new CustomRule("/sign-in/email", EXACT),
                        new CustomRule("/ok", null)),
                OnStorageError.LOCAL, false);
        return RateLimiter.create(basePath, settings, new MemoryRateLimitStore(clock, 1000), clock);
    }

    private static long allowedOf(RateLimiter l, String path, String client, int n) {
        long allowed = 0;
        for (int i = 0; i < n; i++) {
            allowed += l.check(path, client).orElseThrow().allowed() ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void exactRuleBeatsGlobAndGlobBeatsGlobal() {
        RateLimiter l = limiter("/api/auth", true);
        assertThat(l.check("/api/auth/sign-in/email", "c").orElseThrow().rule()).isEqualTo(EXACT);
        assertThat(allowedOf(l, "/api/auth/sign-in/email", "c", 10)).isEqualTo(1);
        assertThat(l.check("/api/auth/sign-in/social", "c").orElseThrow().rule()).isEqualTo(GLOB);
        assertThat(allowedOf(l, "/api/auth/sign-in/social", "c", 10)).isEqualTo(2);
        assertThat(l.check("/api/auth/sign-up/email", "c").orElseThrow().rule())
                .isEqualTo(new RateLimitRule("default", 60, 4, Algorithm.TOKEN_BUCKET));
        assertThat(l.check("/api/auth", "c")).isPresent(); // the base path itself is "/"
    }

    @Test
    void falseRuleOutsideBasePathAndDisabledAreNeverLimited() {
        RateLimiter l = limiter("/api/auth/", true);
        for (int i = 0; i < 50; i++) {
            assertThat(l.check("/api/auth/ok", "c")).isEmpty();
            assertThat(l.check("/other/sign-in/email", "c")).isEmpty();
            assertThat(l.check("/api/authx/sign-in/email", "c")).isEmpty();
        }
        RateLimiter off = limiter("/api/auth", false);
        assertThat(off.check("/api/auth/sign-in/email", "c")).isEmpty();
        assertThat(off.check(EXACT, "c")).isEmpty();
    }

    @Test
    void emptyBasePathCoversEverything() {
        RateLimiter l = limiter("", true);
        assertThat(l.check("/sign-in/email", "c").orElseThrow().rule()).isEqualTo(EXACT);
        assertThat(l.check("/anything/else", "c").orElseThrow().rule().id()).isEqualTo("default");
    }

    @Test
    void clientsAreIndependentAndRuleChecksShareTheRouteCounter() {
        RateLimiter l = limiter("/api/auth", true);
        assertThat(allowedOf(l, "/api/auth/sign-in/email", "1.1.1.1", 5)).isEqualTo(2);
        assertThat(allowedOf(l, "/api/auth/sign-in/email", "2.2.2.2", 1)).isEqualTo(1);
        assertThat(l.check(EXACT, "2.2.2.2").orElseThrow().allowed()).isTrue();
        assertThat(l.check(EXACT, "2.2.2.2").orElseThrow().allowed()).isFalse();
        Optional<RateLimitDecision> other = l.check("/api/auth/sign-in/email", "3.3.3.3");
        assertThat(other.orElseThrow().remaining()).isEqualTo(1);
    }

    /**
     * Memory mode keys counters without hashing: a concurrent burst through both entry points (path checks and an
     * equal rule instance) still admits exactly max per client, on one shared counter.
     */
    @Test
    void concurrentBurstThroughPathAndRuleChecksAdmitsExactlyMaxPerClient() throws Exception {
        RateLimiter l = limiter("/api/auth", true);
        RateLimitRule equal = new RateLimitRule("/sign-in/email", 60, 2, Algorithm.FIXED_WINDOW);
        List<RateLimitDecision> all = Concurrent.run(120, i -> (i % 2 == 0
                ? l.check("/api/auth/sign-in/email", "10.0.0." + i % 3) : l.check(equal, "10.0.0." + i % 3))
                .orElseThrow());
        assertThat(Concurrent.allowed(all)).isEqualTo(6);
        assertThat(all).filteredOn(RateLimitDecision::allowed).extracting(RateLimitDecision::remaining)
                .containsExactlyInAnyOrder(1L, 1L, 1L, 0L, 0L, 0L);
    }
}
