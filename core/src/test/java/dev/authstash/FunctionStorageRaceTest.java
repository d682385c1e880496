package dev.authstash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.storage.FunctionStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.Race;
import dev.authstash.token.OtpResult;
import dev.authstash.web.RequestInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10: rate limits and one-time values over a {@link FunctionStorage} hold under 200 concurrent calls,
 * because the storage's {@code increment} and {@code getAndDelete} are the store's own atomic operations (here
 * {@code ConcurrentHashMap.merge}/{@code remove}), never get-then-set. Each operation waits 1 ms first, as a
 * remote store would, so the calls overlap; every request reaches {@code increment} (counted).
 */
class FunctionStorageRaceTest {
    private static final String SECRET = "s".repeat(32);
    private static final int THREADS = 200;

    private final Map<String, String> map = new ConcurrentHashMap<>();
    private final AtomicInteger increments = new AtomicInteger();

    private Authstash authstash(AuthstashConfig config) {
        FunctionStorage storage = FunctionStorage.of(k -> roundTrip(() -> map.get(k)),
                (k, v, ttl) -> roundTrip(() -> map.put(k, v)), k -> roundTrip(() -> map.remove(k)),
                k -> roundTrip(() -> map.remove(k)),
                (k, ttl) -> roundTrip(() -> {
                    increments.incrementAndGet();
                    return Long.parseLong(map.merge(k, "1", (old, one) -> Long.toString(Long.parseLong(old) + 1)));
                }));
        return Authstash.builder(config).storage(storage).secret(SECRET).environment(k -> null)
                .clock(new MutableClock()).build(); // a fixed clock: no window boundary inside the race
    }

    /**
     * A remote store's latency (1 ms before each operation), so that the 200 calls really overlap: with the old
     * get-then-set increment, this setup admitted 83 of 200 requests for a max of 10.
     */
    private static <T> T roundTrip(Supplier<T> operation) {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return operation.get();
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"FIXED_WINDOW", "SLIDING_WINDOW"})
    void twoHundredConcurrentRequestsAdmitExactlyMax10(Algorithm algorithm) throws Exception {
        AuthstashConfig config = AuthstashConfig.builder().basePath("/api/auth")
                .customRule("/sign-in/email", 3600, 10, algorithm).build();
        try (Authstash a = authstash(config)) {
            List<Boolean> allowed = Race.run(THREADS, t -> dev.authstash.web.GateProbe.rateLimit(a.gate(),
                    RequestInfo.of("POST", "/api/auth/sign-in/email", "203.0.113.9")).proceed());
            assertThat(allowed.stream().filter(x -> x).count()).isEqualTo(10);
            assertThat(increments.get()).isEqualTo(THREADS);
        }
    }

    @Test
    void aSingleUseTokenIsConsumedByExactlyOneOf200Threads() throws Exception {
        try (Authstash a = authstash(AuthstashConfig.defaults())) {
            String token = a.oneTimeTokens().issuePasswordReset("ann@example.com");
            List<Optional<String>> got = Race.run(THREADS, t -> a.oneTimeTokens().consumePasswordReset(token));
            assertThat(got.stream().filter(Optional::isPresent).toList()).containsExactly(Optional.of("ann@example.com"));
        }
    }

    @Test
    void twoHundredConcurrentOtpTriesGetAtMostAllowedAttemptsComparisons() throws Exception {
        try (Authstash a = authstash(AuthstashConfig.builder().otpAllowedAttempts(3).build())) {
            String code = a.oneTimeTokens().issueOtp("sign-in", "ann@example.com");
            String wrong = code.equals("000000") ? "111111" : "000000";
            List<OtpResult> results = Race.run(THREADS, t -> a.oneTimeTokens()
                    .verifyOtp("sign-in", "ann@example.com", t == 0 ? code : wrong));
            assertThat(results.stream().filter(r -> r == OtpResult.INVALID || r == OtpResult.VERIFIED).count())
                    .as("comparisons made").isLessThanOrEqualTo(3);
            assertThat(results.stream().filter(r -> r == OtpResult.VERIFIED).count()).isLessThanOrEqualTo(1);
        }
    }
}
