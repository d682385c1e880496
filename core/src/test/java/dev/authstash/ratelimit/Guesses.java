package dev.authstash.ratelimit;

import dev.authstash.testkit.Race;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sign-in guesses at one account through {@link RateLimiter}: the rule of issue 19 (failed sign-ins per e-mail,
 * {@code "count": "failures"}), requests from many client addresses, and a slow handler: every admitted guess
 * stays in flight until every guess of its burst has been decided, then answers.
 */
final class Guesses {
    static final int MAX = 10;
    static final RateLimitRule RULE = new RateLimitRule("/sign-in/email", 900, MAX, Algorithm.FIXED_WINDOW,
            RuleKey.parse("body:email"), Set.of("POST"), RateLimitRule.FAILURES);

    private Guesses() {}

    static RateLimitSettings settings(OnStorageError policy, boolean blockCache) {
        return new RateLimitSettings(true, 60, 100_000, Algorithm.FIXED_WINDOW, true,
                List.of(new CustomRule("/sign-in/email", RULE)), policy, false, List.of(), List.of(), false,
                blockCache);
    }

    static RateLimiter limiter(RateLimitStore store, Clock clock) {
        return RateLimiter.create("/api/auth", settings(OnStorageError.DENY, true), store, clock);
    }

    /** A sign-in of {@code email} from client {@code ip}. */
    static KeyRequest signIn(String ip, String email) {
        return new KeyRequest() {
            @Override public String method() { return "POST"; }
            @Override public String path() { return "/api/auth/sign-in/email"; }
            @Override public String clientIp() { return ip; }
            @Override public String bodyField(String field) { return "email".equals(field) ? email : null; }
        };
    }

    /** The {@code i}-th of many client addresses. */
    static String address(int i) {
        return "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
    }

    /**
     * {@code n} concurrent sign-ins of {@code email} from {@code n} addresses, spread over {@code limiters}; each
     * admitted one answers {@code status} once all {@code n} were decided.
     *
     * @return how many were admitted
     */
    static long burst(List<RateLimiter> limiters, int n, String email, int status) throws Exception {
        CountDownLatch decided = new CountDownLatch(n);
        List<Boolean> admitted = Race.run(n, t -> {
            RateLimitVerdict v;
            try {
                v = limiters.get(t % limiters.size()).check(signIn(address(t), email));
            } finally {
                decided.countDown();
            }
            if (!v.allowed()) {
                return false;
            }
            decided.await(30, TimeUnit.SECONDS); // the handler is slow: in flight until every guess was decided
            v.completed(status);
            return true;
        });
        return admitted.stream().filter(a -> a).count();
    }

    /** {@code n} sign-ins one after the other, each answered {@code status}; how many were admitted. */
    static long oneByOne(RateLimiter limiter, int n, String email, int status) {
        long admitted = 0;
        for (int i = 0; i < n; i++) {
            RateLimitVerdict v = limiter.check(signIn(address(100_000 + i), email));
            if (v.allowed()) {
                admitted++;
                v.completed(status);
            }
        }
        return admitted;
    }
}
