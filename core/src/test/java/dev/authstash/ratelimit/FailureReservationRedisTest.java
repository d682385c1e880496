package dev.authstash.ratelimit;

import static dev.authstash.ratelimit.Guesses.MAX;
import static dev.authstash.ratelimit.Guesses.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §2 over Redis standalone, a 3-master Redis Cluster and Upstash REST: a rule counting failures reserves
 * a slot before the handler (one script), so 200 concurrent guesses at one account from 200 addresses admit
 * exactly {@code max}, on one instance and on two sharing the store; correct answers release their slots;
 * abandoned reservations end with their lease; one round trip before the handler, one after.
 */
class FailureReservationRedisTest {
    private static final String TOKEN = "reservation-token";
    private static RedisProcess redis;
    private static RedisClusterProcess cluster;
    private static UpstashEndpoint endpoint;
    private static final List<ScriptStorage> storages = new ArrayList<>();
    private final MutableClock clock = new MutableClock();

    enum Backend { REDIS, CLUSTER, UPSTASH }

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        cluster = RedisClusterProcess.launch(3, 0);
        endpoint = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stop() {
        storages.forEach(ScriptStorage::close);
        endpoint.close();
        cluster.close();
        redis.stop();
    }

    /** A new connection (pool) to {@code backend}, as one application instance would hold. */
    private static ScriptStorage storage(Backend backend) {
        ScriptStorage s = switch (backend) {
            case REDIS -> RedisStorage.create(RedisTestSettings.url(redis.url()));
            case CLUSTER -> RedisStorage.create(RedisTestSettings.cluster(cluster.seedNodes()));
            case UPSTASH -> UpstashStorage.create(new UpstashSettings(endpoint.url(), TOKEN,
                    UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64, Duration.ofSeconds(5),
                    Duration.ofSeconds(20), 1), StorageSettings.DEFAULT_KEY_PREFIX);
        };
        storages.add(s);
        return s;
    }

    private List<RateLimiter> instances(Backend backend, int n) {
        List<RateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            limiters.add(Guesses.limiter(new RedisRateLimitStore(storage(backend)), clock));
        }
        return limiters;
    }

    private static String account() {
        return "bo+" + System.nanoTime() + "@example.com";
    }

    static List<Arguments> backendsAndInstances() {
        List<Arguments> out = new ArrayList<>();
        for (Backend b : Backend.values()) {
            out.add(Arguments.of(b, 1));
            out.add(Arguments.of(b, 2));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}, {1} instance(s)")
    @MethodSource("backendsAndInstances")
    void exactlyMaxOf200ConcurrentGuessesFrom200Addresses(Backend backend, int instances) throws Exception {
        List<RateLimiter> limiters = instances(backend, instances);
        String account = account();
        assertThat(Guesses.burst(limiters, 200, account, 401)).isEqualTo(MAX);
        for (RateLimiter limiter : limiters) {
            RateLimitVerdict v = limiter.check(signIn("198.51.100.1", account));
            assertThat(v.allowed()).isFalse();
            assertThat(v.decision().orElseThrow().retryAfterSeconds()).isBetween(800L, 900L);
        }
        assertThat(Guesses.burst(limiters, 200, account(), 401)).as("another account").isEqualTo(MAX);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBurstOfCorrectSignInsReleasesEverySlot(Backend backend) throws Exception {
        List<RateLimiter> limiters = instances(backend, 2);
        String account = account();
        assertThat(Guesses.burst(limiters, 200, account, 200)).isEqualTo(MAX);
        assertThat(Guesses.burst(limiters, 200, account, 200)).as("every slot came back").isEqualTo(MAX);
        assertThat(Guesses.burst(limiters, 200, account, 401)).as("max wrong guesses still possible").isEqualTo(MAX);
        assertThat(limiters.get(1).check(signIn("198.51.100.1", account)).allowed()).isFalse();
    }

    /** Abandoned guesses (never answered) hold their slots until the lease ends (here 300 ms), then free them. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anAbandonedReservationExpiresAfterItsLease(Backend backend) throws Exception {
        RateLimiter limiter = Guesses.limiter(new RedisRateLimitStore(storage(backend), Duration.ofMillis(300)),
                clock);
        String account = account();
        for (int i = 0; i < MAX; i++) {
            assertThat(limiter.check(signIn(Guesses.address(i), account)).allowed()).isTrue(); // never completed
        }
        RateLimitVerdict busy = limiter.check(signIn("198.51.100.1", account));
        assertThat(busy.allowed()).isFalse();
        assertThat(busy.decision().orElseThrow().retryAfterSeconds()).isEqualTo(1);
        assertThat(RedisTestSettings.eventually(() -> { // every abandoned slot free again: max fit at once
            List<RateLimitVerdict> all = new ArrayList<>();
            for (int i = 0; i < MAX; i++) {
                all.add(limiter.check(signIn("198.51.100.1", account)));
            }
            all.forEach(v -> v.completed(200));
            return all.stream().allMatch(RateLimitVerdict::allowed);
        })).isTrue();
        assertThat(Guesses.oneByOne(limiter, MAX + 1, account, 401)).as("nothing was counted").isEqualTo(MAX);
    }

    /** A refusal by reservations in flight is transient: the block cache must not repeat it. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theBlockCacheNeverRepeatsARefusalByReservationsInFlight(Backend backend) {
        RateLimiter limiter = Guesses.limiter(new RedisRateLimitStore(storage(backend)), clock);
        String account = account();
        List<RateLimitVerdict> inFlight = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            inFlight.add(limiter.check(signIn(Guesses.address(i), account)));
        }
        assertThat(limiter.check(signIn("198.51.100.1", account)).allowed()).isFalse();
        inFlight.forEach(v -> v.completed(200));
        assertThat(limiter.check(signIn("198.51.100.1", account)).allowed()).isTrue();
        assertThat(limiter.blockCacheSaved()).isZero();
    }

    /** Reset (unlock) removes the count and the reservations in flight together. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aResetClearsCountAndReservations(Backend backend) throws Exception {
        RateLimiter limiter = Guesses.limiter(new RedisRateLimitStore(storage(backend)), clock);
        String account = account();
        assertThat(Guesses.oneByOne(limiter, MAX - 2, account, 401)).isEqualTo(MAX - 2);
        assertThat(limiter.check(signIn("192.0.2.1", account)).allowed()).isTrue(); // in flight
        assertThat(limiter.check(signIn("192.0.2.2", account)).allowed()).isTrue(); // in flight
        assertThat(limiter.check(signIn("192.0.2.3", account)).allowed()).isFalse();
        limiter.reset(Guesses.RULE, signIn(null, account));
        assertThat(Guesses.oneByOne(limiter, MAX + 1, account, 401)).isEqualTo(MAX);
    }

    /** Issue 19 §2: one round trip before the handler, at most one after, counted by Redis itself. */
    @Test
    void oneRoundTripBeforeTheHandlerAndOneAfter() {
        RateLimiter limiter = Guesses.limiter(new RedisRateLimitStore(storage(Backend.REDIS)), clock);
        String account = account();
        limiter.check(signIn("192.0.2.9", "warm@example.com")).completed(200); // loads the scripts
        try (Jedis j = redis.jedis()) {
            j.configResetStat();
            RateLimitVerdict wrong = limiter.check(signIn("192.0.2.1", account));
            assertThat(scriptCalls(j)).as("before the handler").isEqualTo(1);
            wrong.completed(401);
            assertThat(scriptCalls(j)).as("after a counted answer").isEqualTo(2);
            RateLimitVerdict right = limiter.check(signIn("192.0.2.2", account));
            right.completed(200);
            assertThat(scriptCalls(j)).as("a released slot").isEqualTo(4);
            right.completed(200);
            assertThat(scriptCalls(j)).as("settled once").isEqualTo(4);
            assertThat(j.info("commandstats")).doesNotContain("cmdstat_eval:");
        }
    }

    /** EVALSHA plus EVAL calls since the last CONFIG RESETSTAT. */
    private static long scriptCalls(Jedis j) {
        return j.info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_evalsha:") || l.startsWith("cmdstat_eval:"))
                .mapToLong(l -> Long.parseLong(l.replaceFirst("^cmdstat_eval(sha)?:calls=(\\d+),.*", "$2")))
                .sum();
    }
}
