package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §2 through the application's own API ({@link RequestGate#attempt} → {@link AccountAttempt}, the way the
 * sample signs in) on every shared storage: Redis standalone, a 3-master Cluster and Upstash REST in front of real
 * Redis, one {@link Authstash} and two sharing the store. 200 concurrent wrong sign-ins at one account from 200
 * addresses are admitted exactly {@code max} times; a burst of correct sign-ins releases every slot; one round trip
 * before the credential check and at most one after it (Redis {@code INFO commandstats}).
 */
class AccountAttemptStoragesTest {
    private static final int MAX = 10;
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final String TOKEN = "attempt-token";
    private static final String RULES = """
            {"enabled": true, "window": 60, "max": 100000, "customRules": {"/sign-in/email": [
               {"window": 60, "max": 100000},
               {"window": 900, "max": %d, "key": "account", "count": "failures",
                "deviceCookie": {"window": 900, "max": 10, "maxAge": 86400}}]}}""".formatted(MAX);
    private static RedisProcess redis;
    private static RedisClusterProcess cluster;
    private static UpstashEndpoint endpoint;
    private final List<Authstash> instances = new ArrayList<>();
    private final List<ScriptStorage> storages = new ArrayList<>();

    enum Backend { REDIS, CLUSTER, UPSTASH }

    @BeforeAll
    static void start() {
        // the round-trip tests count Redis commands and Upstash requests: the operations feed polls only at start-up
        System.setProperty(dev.authstash.storage.Feed.POLL_PROPERTY, "3600000");
        redis = RedisProcess.launch();
        cluster = RedisClusterProcess.launch(3, 0);
        endpoint = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        cluster.close();
        redis.stop();
        System.clearProperty(dev.authstash.storage.Feed.POLL_PROPERTY);
    }

    @AfterEach
    void close() {
        instances.forEach(Authstash::close);
        storages.forEach(ScriptStorage::close);
    }

    /** {@code n} application instances, each with its own connections to {@code backend}. */
    private List<RequestGate> gates(Backend backend, int n) {
        List<RequestGate> gates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ScriptStorage storage = switch (backend) {
                case REDIS -> RedisStorage.create(settings(redis.url(), List.of()));
                case CLUSTER -> RedisStorage.create(settings("", cluster.seedNodes()));
                case UPSTASH -> UpstashStorage.create(new UpstashSettings(endpoint.url(), TOKEN,
                        UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64, Duration.ofSeconds(5),
                        Duration.ofSeconds(20), 1), StorageSettings.DEFAULT_KEY_PREFIX);
            };
            storages.add(storage);
            Authstash a = Authstash.builder(ConfigLoader.parse("{\"basePath\": \"/api/auth\", \"rateLimit\": " + RULES
                    + "}", name -> null)).environment(name -> null).secret(SECRET).storage(storage).build();
            instances.add(a);
            gates.add(a.gate());
        }
        return gates;
    }

    private static StorageSettings settings(String url, List<String> nodes) {
        return new StorageSettings(url, nodes, StorageSettings.DEFAULT_KEY_PREFIX, 64, Duration.ofMillis(5000),
                Duration.ofMillis(5000), 1000);
    }

    private static String account() {
        return "bo+" + System.nanoTime() + "@example.com";
    }

    private static ChoreographyTest.View signIn(String ip) {
        return ChoreographyTest.View.of("POST", "/api/auth/sign-in/email").from(ip);
    }

    /** 200 concurrent attempts at {@code account}, from 200 addresses, spread over {@code gates}: how many ran. */
    private static long burst(List<RequestGate> gates, String account, int status) throws Exception {
        List<Integer> statuses = Race.run(200, t -> {
            AccountAttempt a = gates.get(t % gates.size()).attempt(signIn("10.9." + (t / 250) + "." + (t % 250 + 1)),
                    "/sign-in/email", account);
            if (!a.allowed()) {
                return a.refusal().get().status();
            }
            a.completed(status);
            return status;
        });
        assertThat(statuses).allMatch(s -> s == status || s == 429);
        return statuses.stream().filter(s -> s == status).count();
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
    void exactlyMaxOf200ConcurrentWrongSignInsFrom200Addresses(Backend backend, int n) throws Exception {
        List<RequestGate> gates = gates(backend, n);
        String account = account();
        assertThat(burst(gates, account, 401)).isEqualTo(MAX);
        for (RequestGate gate : gates) {
            AccountAttempt after = gate.attempt(signIn("198.51.100.1"), "/sign-in/email", account);
            assertThat(after.allowed()).isFalse();
            assertThat(after.refusal().get().status()).isEqualTo(429);
        }
        assertThat(burst(gates, " BO" + account.substring(2).toUpperCase(), 401)).as("another spelling, same account")
                .isZero();
        assertThat(burst(gates, account(), 401)).as("another account").isEqualTo(MAX);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBurstOfCorrectSignInsReleasesEverySlot(Backend backend) throws Exception {
        List<RequestGate> gates = gates(backend, 2);
        String account = account();
        for (int round = 0; round < 2; round++) {
            long ran = burst(gates, account, 200);
            assertThat(ran).as("round %d: at most max at once, at least max in all", round).isBetween((long) MAX, 200L);
        }
        assertThat(burst(gates, account, 401)).as("every slot came back: max wrong guesses remain").isEqualTo(MAX);
    }

    /** One {@code EVALSHA} before the credential check, at most one after it, nothing else. */
    @Test
    void oneRoundTripBeforeTheCredentialCheckAndAtMostOneAfter() {
        RequestGate gate = gates(Backend.REDIS, 1).get(0);
        String account = account();
        AccountAttempt warm = gate.attempt(signIn("192.0.2.9"), "/sign-in/email", "warm@example.com");
        warm.completed(401); // loads the scripts
        settle(); // the feed's first poll
        try (Jedis j = redis.jedis()) {
            j.configResetStat();
            AccountAttempt wrong = gate.attempt(signIn("192.0.2.1"), "/sign-in/email", account);
            assertThat(wrong.allowed()).isTrue();
            assertThat(calls(j)).as("before the credential check").isEqualTo(1);
            wrong.completed(401);
            assertThat(calls(j)).as("a counted failure").isEqualTo(2);
            AccountAttempt right = gate.attempt(signIn("192.0.2.2"), "/sign-in/email", account);
            right.completed(200);
            assertThat(calls(j)).as("a released slot").isEqualTo(4);
            right.completed(200);
            assertThat(calls(j)).as("settled once").isEqualTo(4);
            AccountAttempt malformed = gate.attempt(signIn("192.0.2.3"), "/sign-in/email", account);
            malformed.completed(400);
            assertThat(calls(j)).as("an uncounted answer").isEqualTo(6);
            String stats = j.info("commandstats");
            assertThat(stats).doesNotContain("cmdstat_eval:");
            long before = reads(j);
            AccountAttempt third = gate.attempt(signIn("192.0.2.4"), "/sign-in/email", account);
            long reserved = reads(j);
            third.completed(401);
            long settled = reads(j);
            assertThat(reserved - before).as("requests read before the check (+1: INFO)").isEqualTo(2);
            assertThat(settled - reserved).as("requests read after it (+1: INFO)").isEqualTo(2);
        }
    }

    /** Over Upstash REST a round trip is an HTTP request: one before the credential check, at most one after. */
    @Test
    void oneHttpRequestBeforeTheCredentialCheckAndAtMostOneAfterOverUpstash() {
        RequestGate gate = gates(Backend.UPSTASH, 1).get(0);
        String account = account();
        gate.attempt(signIn("192.0.2.9"), "/sign-in/email", "warm@example.com").completed(401); // loads the scripts
        settle(); // the feed's first poll
        long start = endpoint.requests();
        AccountAttempt wrong = gate.attempt(signIn("192.0.2.1"), "/sign-in/email", account);
        assertThat(endpoint.requests() - start).as("before the credential check").isEqualTo(1);
        wrong.completed(401);
        assertThat(endpoint.requests() - start).as("a counted failure").isEqualTo(2);
        AccountAttempt right = gate.attempt(signIn("192.0.2.2"), "/sign-in/email", account);
        right.completed(200);
        right.completed(200);
        assertThat(endpoint.requests() - start).as("a released slot, settled once").isEqualTo(4);
    }

    /** Leaves time for the operations feed's start-up poll, so that it is not counted as the attempt's. */
    private static void settle() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** INFO stats {@code total_reads_processed}: requests Redis read from its clients (this INFO included). */
    private static long reads(Jedis j) {
        return j.info("stats").lines().filter(l -> l.startsWith("total_reads_processed:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }

    /** Commands sent by clients since CONFIG RESETSTAT: EVALSHA and EVAL (commands inside scripts are not calls). */
    private static long calls(Jedis j) {
        return j.info("commandstats").lines()
                .filter(l -> l.startsWith("cmdstat_evalsha:") || l.startsWith("cmdstat_eval:"))
                .mapToLong(l -> Long.parseLong(l.replaceFirst("^cmdstat_eval(sha)?:calls=(\\d+),.*", "$2")))
                .sum();
    }
}
