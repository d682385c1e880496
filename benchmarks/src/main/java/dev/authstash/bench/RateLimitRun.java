package dev.authstash.bench;

import dev.authstash.testkit.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Rate-limit decisions, one command: starts one redis-server, runs {@link RateLimitBenchmark} on 1 and 8
 * threads against it, and runs the ceiling — {@code redis-benchmark} calling authstash's own fixed-window
 * script with EVALSHA on 1 and 8 connections, one hot key and 10,000 keys — before and after JMH, on the same
 * server; then the same four Redis contenders (ceiling, authstash, plain Jedis, Bucket4j-Jedis) again in
 * {@link Interleaved} rounds for ratios that drift on a shared machine cannot skew. Writes
 * {@code ratelimit-t1.json}, {@code ratelimit-t8.json} (JMH), {@code ratelimit-ceiling.json} and
 * {@code ratelimit-interleaved.json}. {@code -Dbench.jmh=false} skips the JMH part,
 * {@code -Dbench.jmhThreads=1} runs it on 1 thread only (default {@code 1,8}).
 */
public final class RateLimitRun {
    static final int[] THREADS = {1, 8};
    static final int[] KEYS = {1, 10_000};

    private RateLimitRun() {}

    public static void main(String[] args) throws Exception {
        try (RedisProcess redis = RedisProcess.launch(); Jedis jedis = redis.jedis()) {
            Map<String, Object> env = Results.environment(jedis);
            String sha = jedis.scriptLoad(fixedWindowScript());
            List<Map<String, Object>> ceiling = new ArrayList<>(ceiling(redis.port(), sha, "before"));
            if (!"false".equals(System.getProperty("bench.jmh"))) {
                for (String t : System.getProperty("bench.jmhThreads", "1,8").split(",")) {
                    Jmh.run(RateLimitBenchmark.class, Integer.parseInt(t.trim()), Results.dir().resolve("ratelimit-t" + t.trim() + ".json"),
                            "-D" + BenchRedis.URL_PROPERTY + "=" + redis.url());
                }
            }
            ceiling.addAll(ceiling(redis.port(), sha, "after"));
            env.put("loadAfterJmh", Machine.loadAverage());
            env.put("script", "fixed-window.lua sha1 " + sha);
            Results.write("ratelimit-ceiling.json", Map.of("environment", env, "ceiling", ceiling));
            System.setProperty(BenchRedis.URL_PROPERTY, redis.url());
            List<Map<String, Object>> interleaved = new ArrayList<>();
            for (int t : THREADS) {
                for (int keys : KEYS) {
                    interleaved.add(interleaved(redis.port(), sha, t, keys));
                }
            }
            env.put("loadAfter", Machine.loadAverage());
            Results.write("ratelimit-interleaved.json", Map.of("environment", env, "runs", interleaved));
        }
    }

    static final int ROUNDS = 7;

    /** Ceiling, authstash Redis, plain Jedis and Bucket4j-Jedis in interleaved rounds on {@code threads} threads. */
    static Map<String, Object> interleaved(int port, String sha, int threads, int keys) throws Exception {
        RateLimitBenchmark b = new RateLimitBenchmark();
        b.keys = keys;
        b.setUp();
        try {
            Map<String, Interleaved.Contender> c = new java.util.LinkedHashMap<>();
            c.put("ceiling", redisBenchmark(port, sha, keys));
            c.put("authstashRedis", Interleaved.java(b::authstashRedis));
            c.put("jedisEvalsha", Interleaved.java(b::jedisEvalsha));
            c.put("bucket4jJedis", Interleaved.java(b::bucket4jJedis));
            Map<String, Object> run = Interleaved.run(c, threads, Jmh.quick() ? 2 : ROUNDS);
            run.put("keys", keys);
            run.put("authstashRedisOverCeiling", Interleaved.ratio(run, "authstashRedis", "ceiling"));
            run.put("jedisEvalshaOverCeiling", Interleaved.ratio(run, "jedisEvalsha", "ceiling"));
            run.put("authstashRedisOverBucket4jJedis", Interleaved.ratio(run, "authstashRedis", "bucket4jJedis"));
            System.out.println("interleaved " + threads + " threads, " + keys + " keys: " + run.get("medianOpsPerSecond")
                    + " authstash/ceiling " + run.get("authstashRedisOverCeiling")
                    + " authstash/bucket4j " + run.get("authstashRedisOverBucket4jJedis"));
            return run;
        } finally {
            b.tearDown();
        }
    }

    /** redis-benchmark as a contender: each slice sends as many requests as the previous rate fits in it. */
    static Interleaved.Contender redisBenchmark(int port, String sha, int keys) {
        double[] last = {20_000};
        return (threads, slice) -> {
            int n = (int) Math.max(5_000, last[0] * slice / 1000.0);
            last[0] = (double) RedisBenchmarkTool.run(port, threads, n, keys == 1 ? 0 : keys, command(sha, keys))
                    .get("rps");
            return last[0];
        };
    }

    static List<String> command(String sha, int keys) {
        String key = keys == 1 ? "authstash:rl:{ceiling-hot}" : "authstash:rl:{__rand_int__}";
        return List.of("EVALSHA", sha, "1", key, String.valueOf(RateLimitBenchmark.WINDOW_SECONDS * 1000),
                String.valueOf(RateLimitBenchmark.MAX));
    }

    /** redis-benchmark EVALSHA of the fixed-window script, same window and limit as the JMH benchmark. */
    static List<Map<String, Object>> ceiling(int port, String sha, String phase) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int c : THREADS) {
            for (int keys : KEYS) {
                int n = Jmh.quick() ? 20_000 : (c == 1 ? 150_000 : 300_000);
                Map<String, Object> r = RedisBenchmarkTool.run(port, c, n, keys == 1 ? 0 : keys, command(sha, keys));
                r.put("phase", phase);
                System.out.println("redis-benchmark " + r);
                out.add(r);
            }
        }
        return out;
    }

    static String fixedWindowScript() throws IOException {
        try (InputStream in = RateLimitRun.class.getResourceAsStream("/dev/authstash/ratelimit/fixed-window.lua")) {
            if (in == null) {
                throw new IllegalStateException("fixed-window.lua not on the classpath (authstash-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
