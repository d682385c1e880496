package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisProcess;
import java.util.ArrayList;
import java.util.HashMap;
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
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The Redis store against a real redis-server: exactness, one round trip, TTL on every key. */
class RedisRateLimitStoreTest {
    private static RedisProcess redis;
    private static final List<RedisStorage> storages = new ArrayList<>();
    private static final List<RedisRateLimitStore> stores = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        for (int i = 0; i < 4; i++) {
            RedisStorage s = RedisStorage.create(RedisTestSettings.url(redis.url()));
            storages.add(s);
            stores.add(new RedisRateLimitStore(s));
        }
    }

    @AfterAll
    static void stop() {
        storages.forEach(RedisStorage::close);
        redis.stop();
    }

    @BeforeEach
    void flush() {
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void exactlyMaxOf200ConcurrentRequestsOver4Connections(Algorithm algorithm) throws Exception {
        RateLimitRule rule = new RateLimitRule("exact", 60, 10, algorithm);
        String key = RateLimitKeys.of(rule, "client");
        awayFromAlignedWindowEdge(60);
        List<RateLimitDecision> first = Concurrent.run(200, i -> stores.get(i % 4).consume(key, rule));
        assertThat(Concurrent.allowed(first)).isEqualTo(10);
        assertThat(first).filteredOn(d -> !d.allowed())
                .allSatisfy(d -> assertThat(d.retryAfterSeconds()).isBetween(1L, 60L));
        assertThat(first).filteredOn(RateLimitDecision::allowed).extracting(RateLimitDecision::remaining)
                .containsExactlyInAnyOrder(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void allowedAgainAfterAOneSecondWindow(Algorithm algorithm) throws Exception {
        RateLimitRule rule = new RateLimitRule("again", 1, 10, algorithm);
        String key = RateLimitKeys.of(rule, "client");
        RateLimitDecision d;
        int allowed = 0;
        while ((d = stores.get(allowed % 4).consume(key, rule)).allowed()) {
            allowed++;
        }
        assertThat(allowed).isBetween(10, 20); // about 10: time runs on the server meanwhile
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
        assertThat(d.remaining()).isZero();
        assertThat(RedisTestSettings.eventually(() -> stores.get(1).consume(key, rule).allowed())).isTrue();
    }

    /** Sleeps past the end of the server's current aligned window when fewer than 5 s of it are left. */
    private static void awayFromAlignedWindowEdge(long windowSeconds) throws InterruptedException {
        try (Jedis j = redis.jedis()) {
            List<String> time = j.time();
            long nowMs = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
            long left = windowSeconds * 1000 - nowMs % (windowSeconds * 1000);
            if (left < 5000) {
                Thread.sleep(left + 50);
            }
        }
    }

    @Test
    void oneEvalshaPerDecisionAndNoOtherCommand() throws Exception {
        RateLimitRule[] rules = {new RateLimitRule("a", 60, 5, Algorithm.FIXED_WINDOW),
                new RateLimitRule("b", 60, 5, Algorithm.SLIDING_WINDOW),
                new RateLimitRule("c", 60, 5, Algorithm.TOKEN_BUCKET)};
        RedisRateLimitStore store = stores.get(0);
        for (RateLimitRule r : rules) { // load the scripts (NOSCRIPT → EVAL) and warm the connection
            store.consume(RateLimitKeys.of(r, "warm"), r);
        }
        int n = 90;
        try (Jedis j = redis.jedis(); RedisMonitor monitor = new RedisMonitor(redis.port())) {
            Map<String, Long> before = commandCalls(j.info("commandstats"));
            for (int i = 0; i < n; i++) {
                RateLimitRule r = rules[i % 3];
                store.consume(RateLimitKeys.of(r, "client-" + (i % 7)), r);
            }
            Map<String, Long> after = commandCalls(j.info("commandstats"));
            assertThat(after.getOrDefault("evalsha", 0L) - before.getOrDefault("evalsha", 0L)).isEqualTo(n);
            // what crossed the network: the first INFO, n EVALSHA, the second INFO — nothing else
            List<String> sent = monitor.clientCommands();
            assertThat(sent).hasSize(n + 2);
            assertThat(sent.subList(1, n + 1)).containsOnly("evalsha");
            assertThat(sent.get(0)).isEqualTo("info");
            // commandstats also counts the commands run inside the scripts, and only those
            after.forEach((cmd, calls) -> {
                if (calls - before.getOrDefault(cmd, 0L) != 0 && !cmd.equals("evalsha") && !cmd.equals("info")) {
                    assertThat(Set.of("get", "set", "pttl", "incr", "time", "hmget", "hset", "pexpire"))
                            .contains(cmd);
                }
            });
        }
    }

    @Test
    void everyKeyHasATtlAfterAMixedWorkload() {
        for (int i = 0; i < 600; i++) {
            Algorithm a = Algorithm.values()[i % 3];
            RateLimitRule r = new RateLimitRule("mixed-" + a, 1 + i % 5, 1 + i % 4, a);
            stores.get(i % 4).consume(RateLimitKeys.of(r, "client-" + (i % 37)), r);
        }
        try (Jedis j = redis.jedis()) {
            List<String> keys = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, new ScanParams().count(1000));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(keys).hasSizeGreaterThan(100)
                    .allSatisfy(k -> assertThat(k).matches("authstash:rl:\\{[A-Za-z0-9_-]{22}\\}"));
            for (String k : keys) {
                assertThat(j.pttl(k)).as("PTTL of %s", k).isNotEqualTo(-1L);
            }
        }
    }

    /** cmdstat_x:calls=N,... → {x: N} */
    static Map<String, Long> commandCalls(String info) {
        Map<String, Long> out = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring(8, line.indexOf(':'));
                String calls = line.substring(line.indexOf("calls=") + 6);
                out.put(name, Long.parseLong(calls.substring(0, calls.indexOf(','))));
            }
        }
        return out;
    }
}
