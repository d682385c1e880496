package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * The operations surface of rate limits on {@code Authstash} — state, reset, blocked keys, rule overrides — as one
 * contract over memory, Redis, a 3-master Cluster and Upstash REST; with shared storage, two instances: a reset on
 * one lifts the other's block cache, an override set on one limits on the other (each within 1 s, polled until a
 * deadline), and overrides survive a restart.
 */
class RateLimitOperationsTest {
    private static final String TOKEN = "ops-token";
    private static final String SECRET = "an-operations-secret-of-32-chars-or-more";
    private static final String CONFIG = "{\"basePath\": \"/api/auth\", \"secret\": \"" + SECRET + "\","
            + " \"rateLimit\": {\"window\": 60, \"max\": 1000, \"customRules\": {"
            + "\"/sign-in/email\": {\"window\": 600, \"max\": 3}, \"/sign-up/email\": {\"window\": 600, \"max\": 50}}}}";
    private static RedisProcess redis;
    private static RedisClusterProcess cluster;
    private static UpstashEndpoint upstash;
    private final List<AutoCloseable> opened = new ArrayList<>();

    enum Backend { MEMORY, REDIS, CLUSTER, UPSTASH }

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        cluster = RedisClusterProcess.launch(3, 0);
        upstash = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stop() {
        upstash.close();
        cluster.close();
        redis.stop();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
        for (int i = 0; i < 3; i++) {
            try (Jedis j = cluster.jedis(i)) {
                j.flushAll();
            }
        }
    }

    private static StorageSettings settings(String url, List<String> nodes) {
        return new StorageSettings(url, nodes, StorageSettings.DEFAULT_KEY_PREFIX, 16, Duration.ofMillis(2000),
                Duration.ofMillis(2000), 1000);
    }

    /** A new connection to the backend's shared storage (each instance its own, as separate processes). */
    private SecondaryStorage storage(Backend backend) {
        SecondaryStorage s = switch (backend) {
            case MEMORY -> null;
            case REDIS -> RedisStorage.create(settings(redis.url(), List.of()));
            case CLUSTER -> RedisStorage.create(settings("", cluster.seedNodes()));
            case UPSTASH -> UpstashStorage.create(new UpstashSettings(upstash.url(), TOKEN,
                    UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64, Duration.ofSeconds(5),
                    Duration.ofSeconds(20), 1), StorageSettings.DEFAULT_KEY_PREFIX);
        };
        if (s != null) {
            opened.add(s);
        }
        return s;
    }

    private Authstash instance(Backend backend) {
        Authstash.Builder b = Authstash.builder(ConfigLoader.parse(CONFIG, k -> null)).clock(Clock.systemUTC())
                .environment(k -> null);
        SecondaryStorage s = storage(backend);
        if (s != null) {
            b.storage(s);
        }
        Authstash a = b.build();
        opened.add(a);
        return a;
    }

    private static boolean signIn(Authstash a, String ip) {
        return a.rateLimiter().check(KeyRequest.of("POST", "/api/auth/sign-in/email", ip)).allowed();
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code bound} has passed; whether it held. */
    private static boolean within(Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stateCountsNothingAndShowsRemainingResetAndBlockedUntil(Backend backend) {
        Authstash a = instance(backend);
        RateLimitState fresh = a.rateLimitState("/sign-in/email", "203.0.113.7");
        assertThat(fresh.remaining()).isEqualTo(3);
        assertThat(fresh.limit()).isEqualTo(3);
        assertThat(fresh.blocked()).isFalse();
        assertThat(fresh.keyHash()).hasSize(22).doesNotContain("203");
        assertThat(signIn(a, "203.0.113.7")).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(a.rateLimitState("/sign-in/email", "203.0.113.7").remaining()).as("a read counts nothing")
                    .isEqualTo(2);
        }
        assertThat(signIn(a, "203.0.113.7")).isTrue();
        assertThat(signIn(a, "203.0.113.7")).isTrue();
        assertThat(signIn(a, "203.0.113.7")).isFalse();
        Instant now = Instant.now();
        RateLimitState blocked = a.rateLimitState("/sign-in/email", "203.0.113.7");
        assertThat(blocked.remaining()).isZero();
        assertThat(blocked.blockedUntil()).isAfter(now.plusSeconds(590)).isBefore(now.plusSeconds(602));
        assertThat(blocked.reset()).isAfter(now.plusSeconds(590));
        assertThat(blocked.keyHash()).isEqualTo(fresh.keyHash());
        assertThat(a.rateLimitState("/sign-in/email", "203.0.113.8").remaining()).as("another key").isEqualTo(3);
        assertThat(a.rateLimitState("default", "203.0.113.7").remaining()).as("the global rule").isEqualTo(1000);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void resetLiftsOneKeyOfOneRuleAndTheBlockedListShowsHashesOnly(Backend backend) {
        Authstash a = instance(backend);
        for (String ip : List.of("198.51.100.1", "198.51.100.2")) {
            for (int i = 0; i < 4; i++) {
                signIn(a, ip);
            }
        }
        List<BlockedKey> blocked = a.blockedKeys(100);
        String hash1 = a.rateLimitState("/sign-in/email", "198.51.100.1").keyHash();
        String hash2 = a.rateLimitState("/sign-in/email", "198.51.100.2").keyHash();
        assertThat(blocked).extracting(BlockedKey::keyHash).containsExactlyInAnyOrder(hash1, hash2);
        assertThat(blocked).extracting(BlockedKey::rule).containsOnly("/sign-in/email");
        assertThat(blocked).allSatisfy(k -> assertThat(k.until()).isAfter(Instant.now().plusSeconds(590)));
        assertThat(blocked.toString()).doesNotContain("198.51");
        assertThat(a.blockedKeys(1)).hasSize(1);

        assertThat(a.resetRateLimit("/sign-in/email", "198.51.100.1")).isEqualTo(hash1);

        assertThat(a.rateLimitState("/sign-in/email", "198.51.100.1").remaining()).isEqualTo(3);
        assertThat(signIn(a, "198.51.100.1")).isTrue();
        assertThat(signIn(a, "198.51.100.2")).as("the other key stays blocked").isFalse();
        assertThat(a.blockedKeys(100)).extracting(BlockedKey::keyHash).containsExactly(hash2);
        assertThatThrownBy(() -> a.resetRateLimit("/nope", "198.51.100.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no rate-limit rule \"/nope\"");
        assertThatThrownBy(() -> a.rateLimitState("/sign-in/email", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key is empty");
    }

    @Test
    void theBlockedListStaysBoundedWhateverAClientGetsBlocked() {
        Authstash a = instance(Backend.REDIS);
        int keys = RedisRateLimitStore.BLOCKED_MAX + 50;
        for (int i = 0; i < keys; i++) {
            String ip = "10.0." + (i / 250) + "." + (i % 250);
            for (int n = 0; n < 4; n++) {
                signIn(a, ip);
            }
        }
        try (Jedis j = redis.jedis()) {
            assertThat(j.zcard(StorageSettings.DEFAULT_KEY_PREFIX + RedisRateLimitStore.BLOCKED_KEY))
                    .isEqualTo(RedisRateLimitStore.BLOCKED_MAX);
        }
        assertThat(a.blockedKeys(Integer.MAX_VALUE)).hasSize(RedisRateLimitStore.BLOCKED_MAX);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"REDIS", "CLUSTER", "UPSTASH"})
    void aResetOnOneInstanceLiftsTheBlockCacheOfAnotherWithinOneSecond(Backend backend) throws Exception {
        Authstash a = instance(backend);
        Authstash b = instance(backend);
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(b, "192.0.2.44")).isTrue();
        }
        assertThat(signIn(b, "192.0.2.44")).isFalse();
        long saved = b.rateLimiter().blockCacheSaved();
        assertThat(signIn(b, "192.0.2.44")).isFalse();
        assertThat(b.rateLimiter().blockCacheSaved()).as("B's block cache holds the key").isEqualTo(saved + 1);

        a.resetRateLimit("/sign-in/email", "192.0.2.44");

        assertThat(within(Duration.ofSeconds(1), () -> signIn(b, "192.0.2.44"))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"REDIS", "CLUSTER", "UPSTASH"})
    void anOverrideSetOnOneInstanceLimitsOnAnotherWithinOneSecondAndSurvivesARestart(Backend backend)
            throws Exception {
        Authstash a = instance(backend);
        Authstash b = instance(backend);
        assertThat(b.ruleOverrides()).isEqualTo(RuleOverrides.NONE);
        RuleOverrides set = a.setRuleOverrides("{\"/sign-up/email\": {\"window\": 600, \"max\": 1}}", 0, "ops@x");
        assertThat(set.version()).isEqualTo(1);
        assertThat(set.by()).isEqualTo("ops@x");
        assertThat(a.rateLimiter().rule("/sign-up/email").max()).as("applied at once where set").isEqualTo(1);

        assertThat(within(Duration.ofSeconds(1), () -> b.ruleOverrides().version() == 1)).isTrue();
        KeyRequest signUp = KeyRequest.of("POST", "/api/auth/sign-up/email", "192.0.2.9");
        assertThat(b.rateLimiter().check(signUp).allowed()).isTrue();
        assertThat(b.rateLimiter().check(signUp).allowed()).as("B limits by the override").isFalse();
        assertThat(b.rateLimiter().rule("/sign-in/email").max()).as("the file's other rules stay").isEqualTo(3);

        Authstash restarted = instance(backend);
        assertThat(restarted.ruleOverrides().version()).isEqualTo(1);
        assertThat(restarted.rateLimiter().rule("/sign-up/email").max()).isEqualTo(1);

        RuleOverrides removed = b.removeRuleOverrides(1, "ops@y");
        assertThat(removed.version()).isEqualTo(2);
        assertThat(removed.active()).isFalse();
        assertThat(within(Duration.ofSeconds(1), () -> a.rateLimiter().rule("/sign-up/email").max() == 50)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anInvalidOverrideIsRefusedWholeWithTheFilesJsonPath(Backend backend) {
        Authstash a = instance(backend);
        assertThatThrownBy(() -> a.setRuleOverrides("{\"/sign-up/email\": {\"window\": 60, \"max\": 1},"
                + " \"/sign-in/email\": {\"window\": 60, \"max\": \"5\"}}", 0, "ops"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rateLimit.customRules.\"/sign-in/email\".max: expected an integer, got \"5\"");
        assertThatThrownBy(() -> a.setRuleOverrides("{\"/x\": {\"window\": 60, \"max\": 1, \"key\": \"header:X-K\"}}",
                0, "ops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rateLimit.customRules.\"/x\" (rule /x).key: key \"header:x-k\" reads header x-k");
        assertThatThrownBy(() -> a.setRuleOverrides("{\"/x\": ", 0, "ops")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("malformed JSON");
        assertThat(a.ruleOverrides()).isEqualTo(RuleOverrides.NONE);
        assertThat(a.rateLimiter().rule("/sign-up/email").max()).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoOperatorsSettingAtOnceOneWinsAndNoUpdateIsLost(Backend backend) throws Exception {
        Authstash a = instance(backend);
        Authstash b = backend == Backend.MEMORY ? a : instance(backend);
        List<Object> results = Race.run(8, t -> {
            try {
                return (t % 2 == 0 ? a : b).setRuleOverrides("{\"/t" + t + "\": {\"window\": 60, \"max\": 1}}", 0,
                        "op" + t);
            } catch (RuleOverridesConflictException e) {
                return e;
            }
        });
        List<RuleOverrides> won = results.stream().filter(r -> r instanceof RuleOverrides)
                .map(r -> (RuleOverrides) r).toList();
        assertThat(won).hasSize(1);
        assertThat(won.get(0).version()).isEqualTo(1);
        assertThat(results.stream().filter(r -> r instanceof RuleOverridesConflictException)
                .map(r -> ((RuleOverridesConflictException) r).currentVersion())).hasSize(7).containsOnly(1L);
        assertThat(((RuleOverridesConflictException) results.stream()
                .filter(r -> r instanceof RuleOverridesConflictException).findFirst().orElseThrow()).getMessage())
                .isEqualTo("rate-limit rule overrides are at version 1, not 0: read them again and retry");
        RuleOverrides next = a.setRuleOverrides("{\"/later\": false}", 1, "op-next");
        assertThat(next.version()).isEqualTo(2);
        assertThat(next.customRules()).isEqualTo("{\"/later\": false}");
    }

    /** In-process counters beside Redis ({@code rateLimit.storage: memory}) keep their keys in clear: never published. */
    @Test
    void aResetOfInProcessCountersPublishesNoKeyToRedis() {
        SecondaryStorage shared = storage(Backend.REDIS);
        Authstash a = Authstash.builder(ConfigLoader.parse(CONFIG.replace("\"rateLimit\": {",
                        "\"rateLimit\": {\"storage\": \"memory\", "), k -> null)).storage(shared)
                .environment(k -> null).build();
        opened.add(a);
        for (int i = 0; i < 4; i++) {
            signIn(a, "203.0.113.99");
        }
        a.resetRateLimit("/sign-in/email", "203.0.113.99");
        assertThat(signIn(a, "203.0.113.99")).isTrue();
        try (Jedis j = redis.jedis()) {
            assertThat(j.xrange(StorageSettings.DEFAULT_KEY_PREFIX + dev.authstash.storage.Feed.STREAM_KEY,
                    (redis.clients.jedis.StreamEntryID) null, null).toString()).doesNotContain("203.0.113.99");
            assertThat(j.xlen(StorageSettings.DEFAULT_KEY_PREFIX + dev.authstash.storage.Feed.STREAM_KEY)).isZero();
        }
    }

    @Test
    void inMemoryOverridesApplyToTheOneInstance() {
        Authstash a = instance(Backend.MEMORY);
        a.setRuleOverrides("{\"/sign-in/email\": {\"window\": 600, \"max\": 1}}", 0, "ops");
        assertThat(signIn(a, "192.0.2.1")).isTrue();
        assertThat(signIn(a, "192.0.2.1")).isFalse();
        a.removeRuleOverrides(1, "ops");
        assertThat(a.rateLimiter().rule("/sign-in/email").max()).isEqualTo(3);
        assertThat(a.ruleOverrides().version()).isEqualTo(2);
    }
}
