package dev.authstash.bench;

import dev.authstash.testkit.RedisProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Issue 13, one command: starts one redis-server, runs {@link RuleKeysBenchmark} under JMH (1 thread;
 * {@code rulekeys-jmh.json}: a blocked client's flood with and without the block cache, and an {@code ip} key
 * against a {@code body:email} key through the gate), then counts Redis commands per request outside JMH:
 * {@value #FLOOD} refused checks of one blocked client with the block cache on and off, EVALSHA calls from
 * {@code INFO commandstats} before and after ({@code rulekeys.json}).
 */
public final class RuleKeysRun {
    static final int FLOOD = 10_000;

    private RuleKeysRun() {}

    public static void main(String[] args) throws Exception {
        try (RedisProcess redis = RedisProcess.launch(); Jedis jedis = redis.jedis()) {
            Map<String, Object> env = Results.environment(jedis);
            System.setProperty(BenchRedis.URL_PROPERTY, redis.url());
            List<Map<String, Object>> counts = new ArrayList<>();
            for (boolean cache : new boolean[] {true, false}) {
                RuleKeysBenchmark b = new RuleKeysBenchmark();
                b.blockCache = cache;
                b.setUp();
                long before = RuleKeysBenchmark.evalshaCalls();
                int refused = 0;
                for (int i = 0; i < FLOOD; i++) {
                    if (!((java.util.Optional<?>) b.blockedFlood()).map(d ->
                            ((dev.authstash.ratelimit.RateLimitDecision) d).allowed()).orElse(true)) {
                        refused++;
                    }
                }
                long evalsha = RuleKeysBenchmark.evalshaCalls() - before;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("blockCache", cache);
                m.put("requests", FLOOD);
                m.put("refused", refused);
                m.put("evalsha", evalsha);
                m.put("redisCommandsPerRequest", (double) evalsha / FLOOD);
                counts.add(m);
                System.out.println(m);
                b.tearDown();
                if (refused != FLOOD) {
                    throw new IllegalStateException("the blocked client was let through " + (FLOOD - refused) + " times");
                }
            }
            if (!"false".equals(System.getProperty("bench.jmh"))) {
                Jmh.run(RuleKeysBenchmark.class, 1, Results.dir().resolve("rulekeys-jmh.json"),
                        "-D" + BenchRedis.URL_PROPERTY + "=" + redis.url());
            }
            env.put("loadAfter", Machine.loadAverage());
            Results.write("rulekeys.json", Map.of("environment", env, "counts", counts));
        }
    }
}
