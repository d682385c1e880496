package dev.authstash.bench;

import dev.authstash.testkit.RedisProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Upstash REST vs Jedis TCP, one command: starts one redis-server, runs {@link UpstashBenchmark} (JMH: decisions/s,
 * p50/p99) on 1 and 8 threads, then both contenders in {@link Interleaved} rounds, and counts the HTTP requests
 * the endpoint received for 10,000 REST decisions (expected: exactly 10,000). Writes {@code upstash-t1.json},
 * {@code upstash-t8.json} and {@code upstash-interleaved.json}. RESULTS.md has a quick run (-Dbench.quick=true).
 */
public final class UpstashRun {
    private UpstashRun() {}

    public static void main(String[] args) throws Exception {
        try (RedisProcess redis = RedisProcess.launch(); Jedis jedis = redis.jedis()) {
            Map<String, Object> env = Results.environment(jedis);
            for (int t : RateLimitRun.THREADS) {
                Jmh.run(UpstashBenchmark.class, t, Results.dir().resolve("upstash-t" + t + ".json"),
                        "-D" + BenchRedis.URL_PROPERTY + "=" + redis.url());
            }
            System.setProperty(BenchRedis.URL_PROPERTY, redis.url());
            List<Map<String, Object>> runs = new ArrayList<>();
            UpstashBenchmark b = new UpstashBenchmark();
            b.setUp();
            try {
                for (int i = 0; i < 100; i++) {
                    b.restDecision(); // loads the script (EVALSHA, NOSCRIPT, EVAL) before counting
                }
                long before = b.endpointRequests();
                int decisions = 10_000;
                for (int i = 0; i < decisions; i++) {
                    b.restDecision();
                }
                env.put("httpRequestsPer10000RestDecisions", b.endpointRequests() - before);
                for (int t : RateLimitRun.THREADS) {
                    Map<String, Interleaved.Contender> c = new LinkedHashMap<>();
                    c.put("restDecision", Interleaved.java(b::restDecision));
                    c.put("tcpDecision", Interleaved.java(b::tcpDecision));
                    Map<String, Object> run = Interleaved.run(c, t, Jmh.quick() ? 2 : RateLimitRun.ROUNDS);
                    run.put("restOverTcp", Interleaved.ratio(run, "restDecision", "tcpDecision"));
                    runs.add(run);
                }
            } finally {
                b.tearDown();
            }
            env.put("loadAfter", Machine.loadAverage());
            Results.write("upstash-interleaved.json", Map.of("environment", env, "runs", runs));
        }
    }
}
