package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisClusterProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Redis store against a real 3-master cluster: exactness per algorithm, clients spread over the slots. */
class RedisClusterRateLimitTest {
    private static RedisClusterProcess cluster;
    private static final List<RedisStorage> storages = new ArrayList<>();
    private static final List<RedisRateLimitStore> stores = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = RedisClusterProcess.launch(3, 0);
        for (int i = 0; i < 4; i++) {
            RedisStorage s = RedisStorage.create(RedisTestSettings.cluster(cluster.seedNodes()));
            storages.add(s);
            stores.add(new RedisRateLimitStore(s));
        }
    }

    @AfterAll
    static void stop() {
        storages.forEach(RedisStorage::close);
        cluster.close();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void exactlyMaxOf200ConcurrentRequestsOnACluster(Algorithm algorithm) throws Exception {
        RateLimitRule rule = new RateLimitRule("cluster-" + System.nanoTime(), 60, 10, algorithm);
        long left = 60_000 - System.currentTimeMillis() % 60_000; // servers run on this machine's clock
        if (left < 10_000) {
            Thread.sleep(left + 50); // keep the sliding-window burst inside one aligned window
        }
        for (String client : List.of("10.0.0.1", "10.0.0.2", "{10.0.0.1}:\n" + "}".repeat(10_240))) { // any slots
            String key = RateLimitKeys.of(rule, client);
            List<RateLimitDecision> decisions = Concurrent.run(200, i -> stores.get(i % 4).consume(key, rule));
            assertThat(Concurrent.allowed(decisions)).as(client).isEqualTo(10);
            assertThat(decisions).filteredOn(d -> !d.allowed())
                    .allSatisfy(d -> assertThat(d.retryAfterSeconds()).isBetween(1L, 60L));
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void allowedAgainAfterAOneSecondWindow(Algorithm algorithm) throws Exception {
        RateLimitRule rule = new RateLimitRule("cluster-again-" + System.nanoTime(), 1, 10, algorithm);
        String key = RateLimitKeys.of(rule, "client");
        RateLimitDecision d;
        int allowed = 0;
        while ((d = stores.get(allowed % 4).consume(key, rule)).allowed()) {
            allowed++;
        }
        assertThat(allowed).isBetween(10, 20);
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
        assertThat(RedisTestSettings.eventually(() -> stores.get(2).consume(key, rule).allowed())).isTrue();
    }

    @org.junit.jupiter.api.Test
    void everyKeyOnEveryMasterHasATtl() {
        for (int i = 0; i < 300; i++) {
            Algorithm a = Algorithm.values()[i % 3];
            RateLimitRule r = new RateLimitRule("ttl-" + a, 1 + i % 5, 1 + i % 4, a);
            stores.get(i % 4).consume(RateLimitKeys.of(r, "client-" + (i % 41)), r);
        }
        int seen = 0;
        for (int m = 0; m < 3; m++) {
            try (redis.clients.jedis.Jedis j = cluster.jedis(m)) {
                String cursor = "0";
                do {
                    var page = j.scan(cursor, new redis.clients.jedis.params.ScanParams().count(1000));
                    for (String k : page.getResult()) {
                        assertThat(j.pttl(k)).as("PTTL of %s", k).isNotEqualTo(-1L);
                        seen++;
                    }
                    cursor = page.getCursor();
                } while (!cursor.equals("0"));
            }
        }
        assertThat(seen).isGreaterThan(100);
    }
}
