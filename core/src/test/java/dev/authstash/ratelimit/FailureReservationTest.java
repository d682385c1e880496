package dev.authstash.ratelimit;

import static dev.authstash.ratelimit.Guesses.MAX;
import static dev.authstash.ratelimit.Guesses.RULE;
import static dev.authstash.ratelimit.Guesses.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rules counting only failures reserve a slot before the handler (issue 19 §2), in memory and in the LOCAL
 * fallback; {@code "count": "failures"} counts 401 only (§3).
 */
class FailureReservationTest {
    private final MutableClock clock = new MutableClock();

    private RateLimiter memoryLimiter() {
        return Guesses.limiter(new MemoryRateLimitStore(clock, 10_000), clock);
    }

    @Test
    void exactlyMaxOf200ConcurrentGuessesFrom200AddressesInMemory() throws Exception {
        RateLimiter limiter = memoryLimiter();
        assertThat(Guesses.burst(List.of(limiter), 200, "bo@example.com", 401)).isEqualTo(MAX);
        RateLimitVerdict after = limiter.check(signIn("198.51.100.1", "bo@example.com"));
        assertThat(after.allowed()).isFalse();
        assertThat(after.decision().orElseThrow().retryAfterSeconds()).as("counted: until the window ends")
                .isBetween(890L, 900L);
        assertThat(limiter.check(signIn("198.51.100.1", "al@example.com")).allowed()).as("other account").isTrue();
    }

    @Test
    void aBurstOfCorrectSignInsReleasesEverySlot() throws Exception {
        RateLimiter limiter = memoryLimiter();
        assertThat(Guesses.burst(List.of(limiter), 200, "bo@example.com", 200)).isEqualTo(MAX);
        assertThat(Guesses.burst(List.of(limiter), 200, "bo@example.com", 200)).as("all released").isEqualTo(MAX);
        assertThat(Guesses.oneByOne(limiter, MAX + 5, "bo@example.com", 401)).isEqualTo(MAX);
    }

    @Test
    void inFlightGuessesRefuseTransientlyNotUntilTheWindowEnds() {
        RateLimiter limiter = memoryLimiter();
        List<RateLimitVerdict> inFlight = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            inFlight.add(limiter.check(signIn(Guesses.address(i), "bo@example.com")));
        }
        assertThat(inFlight).allMatch(RateLimitVerdict::allowed);
        RateLimitVerdict busy = limiter.check(signIn("198.51.100.1", "bo@example.com"));
        assertThat(busy.allowed()).isFalse();
        assertThat(busy.decision().orElseThrow().retryAfterSeconds()).isEqualTo(1);
        inFlight.get(0).completed(200);
        inFlight.get(0).completed(401); // settled once: the slot is gone, nothing counts
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isTrue();
    }

    /** A request that never answers holds its slot for the lease (60 s), then the slot is free again. */
    @Test
    void anAbandonedReservationExpiresAfterItsLease() {
        RateLimiter limiter = memoryLimiter();
        for (int i = 0; i < MAX; i++) {
            assertThat(limiter.check(signIn(Guesses.address(i), "bo@example.com")).allowed()).isTrue(); // abandoned
        }
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(RateLimitStore.LEASE_SECONDS).minusMillis(1));
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(Guesses.oneByOne(limiter, MAX + 5, "bo@example.com", 401)).as("nothing was counted").isEqualTo(MAX);
    }

    @Test
    void theLeaseIsNeverLongerThanTheWindow() {
        RateLimitRule shortRule = new RateLimitRule("/sign-in/email", 5, 1, Algorithm.FIXED_WINDOW,
                RuleKey.parse("body:email"), Set.of(), RateLimitRule.FAILURES);
        RateLimitSettings settings = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(new CustomRule("/sign-in/email", shortRule)), OnStorageError.DENY, false);
        RateLimiter limiter = RateLimiter.create("/api/auth", settings, new MemoryRateLimitStore(clock, 100), clock);
        assertThat(limiter.check(signIn("192.0.2.1", "bo@example.com")).allowed()).isTrue(); // abandoned
        assertThat(limiter.check(signIn("192.0.2.2", "bo@example.com")).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(limiter.check(signIn("192.0.2.2", "bo@example.com")).allowed()).isTrue();
    }

    /** Issue 19 §3: malformed requests (no password: 400, wrong type: 415, 422) cost the attacker nothing. */
    @Test
    void onlyGenuineCredentialFailuresCountByDefault() {
        RateLimiter limiter = memoryLimiter();
        for (int status : new int[] {400, 415, 422, 403, 404, 500, 503}) {
            assertThat(Guesses.oneByOne(limiter, 20, "victim@example.com", status)).as("status " + status)
                    .isEqualTo(20);
        }
        assertThat(Guesses.oneByOne(limiter, MAX + 3, "victim@example.com", 401)).isEqualTo(MAX);
        assertThat(RateLimitRule.FAILURES).containsExactly(401);
    }

    @Test
    void anExplicitStatusListCountsExactlyThoseStatuses() {
        RateLimitRule rule = new RateLimitRule("/sign-in/email", 900, 3, Algorithm.FIXED_WINDOW,
                RuleKey.parse("body:email"), Set.of(), Set.of(400, 403));
        RateLimitSettings settings = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(new CustomRule("/sign-in/email", rule)), OnStorageError.DENY, false);
        RateLimiter limiter = RateLimiter.create("/api/auth", settings, new MemoryRateLimitStore(clock, 100), clock);
        assertThat(Guesses.oneByOne(limiter, 10, "bo@example.com", 401)).isEqualTo(10);
        assertThat(Guesses.oneByOne(limiter, 2, "bo@example.com", 400)).isEqualTo(2);
        assertThat(Guesses.oneByOne(limiter, 5, "bo@example.com", 403)).isEqualTo(1);
    }

    /** The store's LOCAL fallback reserves too: a Redis outage does not reopen the race. */
    @Test
    void theLocalFallbackAdmitsExactlyMaxOf200ConcurrentGuesses() throws Exception {
        RedisProcess redis = RedisProcess.launch();
        RedisStorage storage = RedisStorage.create(RedisTestSettings.url(redis.url()));
        try {
            RateLimiter limiter = RateLimiter.create("/api/auth", Guesses.settings(OnStorageError.LOCAL, true),
                    new RedisRateLimitStore(storage), clock);
            redis.stop();
            assertThat(Guesses.burst(List.of(limiter), 200, "bo@example.com", 401)).isEqualTo(MAX);
            assertThat(limiter.fallbackDecisions()).isGreaterThanOrEqualTo(200);
            assertThat(Guesses.burst(List.of(limiter), 200, "al@example.com", 200)).isEqualTo(MAX);
            assertThat(Guesses.oneByOne(limiter, MAX + 1, "al@example.com", 401)).as("released locally").isEqualTo(MAX);
        } finally {
            storage.close();
            redis.stop();
        }
    }

    /** A second failures rule that refuses gives back the slot the first one took for the same request. */
    @Test
    void aRefusalByAnotherFailuresRuleReleasesTheSlotsTakenForTheRequest() {
        RateLimitRule perIp = new RateLimitRule("/sign-in/email", 900, 1, Algorithm.FIXED_WINDOW, RuleKey.IP,
                Set.of(), RateLimitRule.FAILURES);
        RateLimitRule perAccount = new RateLimitRule("/sign-in/email#2", 900, 2, Algorithm.FIXED_WINDOW,
                RuleKey.parse("body:email"), Set.of(), RateLimitRule.FAILURES);
        RateLimitSettings settings = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(CustomRule.of("/sign-in/email", List.of(perIp, perAccount))), OnStorageError.DENY, false);
        RateLimiter limiter = RateLimiter.create("/api/auth", settings, new MemoryRateLimitStore(clock, 100), clock);
        RateLimitVerdict first = limiter.check(signIn("192.0.2.1", "bo@example.com"));
        assertThat(first.allowed()).isTrue();
        for (int i = 0; i < 5; i++) { // same IP while the first is in flight: refused by the per-IP rule
            assertThat(limiter.check(signIn("192.0.2.1", "bo@example.com")).allowed()).isFalse();
        }
        assertThat(limiter.check(signIn("192.0.2.2", "bo@example.com")).allowed()).as("the account's 2nd slot")
                .isTrue();
    }

    @Test
    void aFailuresRuleOverAPlainSecondaryStorageFailsAtStartUpNamingTheRule() {
        StorageRateLimitStore store = new StorageRateLimitStore(new MemoryStorage(100, clock), clock);
        assertThatThrownBy(() -> RateLimiter.create("/api/auth", Guesses.settings(OnStorageError.LOCAL, false), store,
                clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate-limit rule \"/sign-in/email\"")
                .hasMessageContaining("\"count\"").hasMessageContaining("atomic");
    }
}
