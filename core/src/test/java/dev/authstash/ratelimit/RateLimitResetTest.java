package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * {@link RateLimitStore#reset} on every store, and {@link RateLimiter#reset} (the basis of unlocking an account):
 * the client starts afresh, other clients keep their counts, the block cache forgets the key.
 */
class RateLimitResetTest {
    private static RedisProcess redis;
    private static UpstashEndpoint endpoint;
    private static RedisStorage redisStorage;
    private static UpstashStorage upstashStorage;
    private final MutableClock clock = new MutableClock();

    enum Backend { MEMORY, STORAGE, REDIS, UPSTASH }

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        endpoint = UpstashEndpoint.start(redis, "reset-token");
        redisStorage = RedisStorage.create(RedisTestSettings.url(redis.url()));
        upstashStorage = UpstashStorage.create(new UpstashSettings(endpoint.url(), "reset-token",
                UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 1), StorageSettings.DEFAULT_KEY_PREFIX);
    }

    @AfterAll
    static void stop() {
        upstashStorage.close();
        redisStorage.close();
        endpoint.close();
        redis.stop();
    }

    @BeforeEach
    void flush() {
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    private RateLimitStore store(Backend backend) {
        return switch (backend) {
            case MEMORY -> new MemoryRateLimitStore(clock, 1000);
            case STORAGE -> new StorageRateLimitStore(new MemoryStorage(1000, clock), clock);
            case REDIS -> new RedisRateLimitStore(redisStorage);
            case UPSTASH -> new RedisRateLimitStore(upstashStorage);
        };
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aResetCounterAdmitsMaxAgainAndLeavesOtherClientsAlone(Backend backend) {
        for (Algorithm algorithm : backend == Backend.STORAGE
                ? List.of(Algorithm.FIXED_WINDOW, Algorithm.SLIDING_WINDOW) : List.of(Algorithm.values())) {
            RateLimitRule rule = new RateLimitRule("reset-" + algorithm.configName(), 600, 3, algorithm);
            RateLimitStore store = store(backend);
            String victim = RateLimitKeys.of(rule, "victim");
            String other = RateLimitKeys.of(rule, "other");
            for (int i = 0; i < 3; i++) {
                assertThat(store.consume(victim, rule).allowed()).isTrue();
                assertThat(store.consume(other, rule).allowed()).isTrue();
            }
            assertThat(store.consume(victim, rule).allowed()).as(algorithm.configName()).isFalse();
            store.reset(victim, rule);
            store.reset(RateLimitKeys.of(rule, "never-counted"), rule); // no error
            for (int i = 0; i < 3; i++) {
                assertThat(store.consume(victim, rule).allowed()).as(algorithm.configName() + " #" + i).isTrue();
            }
            assertThat(store.consume(victim, rule).allowed()).isFalse();
            assertThat(store.consume(other, rule).allowed()).as("other client").isFalse();
        }
    }

    @Test
    void redisResetDeletesTheCounterAndItsReservationsInOneScript() {
        RateLimitRule rule = new RateLimitRule("reset-keys", 600, 3, Algorithm.FIXED_WINDOW);
        RedisRateLimitStore store = new RedisRateLimitStore(redisStorage);
        String key = RateLimitKeys.of(rule, "victim");
        store.consume(key, rule);
        String prefix = StorageSettings.DEFAULT_KEY_PREFIX;
        try (Jedis j = redis.jedis()) {
            j.zadd(prefix + RedisRateLimitStore.reservations(key), Map.of("r1", 1e15));
            assertThat(j.exists(prefix + key)).isTrue();
            j.configResetStat();
            store.reset(key, rule);
            assertThat(j.exists(prefix + key, prefix + RedisRateLimitStore.reservations(key))).isZero();
            assertThat(j.info("commandstats")).contains("cmdstat_evalsha:calls=1,").doesNotContain("cmdstat_eval:");
        }
    }

    /** Exhausted, refused from the block cache, reset: the next request reaches Redis and is allowed. */
    @Test
    void theLimiterResetsTheCounterOfTheAccountAKeyRequestNamesAndForgetsItsBlock() {
        RateLimitRule rule = new RateLimitRule("/sign-in/email", 900, 2, Algorithm.FIXED_WINDOW,
                RuleKey.parse("body:email"), Set.of("POST"), Set.of());
        RateLimitSettings settings = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(new CustomRule("/sign-in/email", rule)), OnStorageError.DENY, false);
        RateLimiter limiter = RateLimiter.create("/api/auth", settings, new RedisRateLimitStore(redisStorage),
                clock);
        for (int i = 0; i < 2; i++) {
            assertThat(limiter.check(signIn("203.0.113." + i, "bo@example.com")).allowed()).isTrue();
            assertThat(limiter.check(signIn("203.0.113." + i, "al@example.com")).allowed()).isTrue();
        }
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isFalse();
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isFalse();
        assertThat(limiter.blockCacheSaved()).isEqualTo(1);

        limiter.reset(rule, signIn(null, "bo@example.com"));

        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isTrue();
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isTrue();
        assertThat(limiter.check(signIn("198.51.100.1", "bo@example.com")).allowed()).isFalse();
        assertThat(limiter.check(signIn("198.51.100.2", "al@example.com")).allowed()).as("other account").isFalse();
    }

    @Test
    void theLimiterResetsAMemoryStoreCounterToo() {
        RateLimitRule rule = new RateLimitRule("/sign-in/email", 900, 2, Algorithm.FIXED_WINDOW);
        RateLimitSettings settings = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, false,
                List.of(new CustomRule("/sign-in/email", rule)), OnStorageError.LOCAL, false);
        MemoryRateLimitStore memory = new MemoryRateLimitStore(clock, 100);
        RateLimiter limiter = RateLimiter.create("/api/auth", settings, memory, clock);
        limiter.check(signIn("192.0.2.1", "x"));
        limiter.check(signIn("192.0.2.1", "x"));
        assertThat(limiter.check(signIn("192.0.2.1", "x")).allowed()).isFalse();
        limiter.reset(rule, signIn("192.0.2.1", null));
        assertThat(limiter.check(signIn("192.0.2.1", "x")).allowed()).isTrue();
    }

    private static KeyRequest signIn(String ip, String email) {
        return new KeyRequest() {
            @Override public String method() { return "POST"; }
            @Override public String path() { return "/api/auth/sign-in/email"; }
            @Override public String clientIp() { return ip; }
            @Override public String bodyField(String field) { return "email".equals(field) ? email : null; }
        };
    }
}
