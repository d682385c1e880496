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
 * server. Writes {@code ratelimit-t1.json}, {@code ratelimit-t8.json} (JMH), {@code ratelimit-ceiling.json}.
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
            for (int t : THREADS) {
                Jmh.run(RateLimitBenchmark.class, t, Results.dir().resolve("ratelimit-t" + t + ".json"),
                        "-D" + BenchRedis.URL_PROPERTY + "=" + redis.url());
            }
            ceiling.addAll(ceiling(redis.port(), sha, "after"));
            env.put("loadAfter", Machine.loadAverage());
            env.put("script", "fixed-window.lua sha1 " + sha);
            Results.write("ratelimit-ceiling.json", Map.of("environment", env, "ceiling", ceiling));
        }
    }

    /** redis-benchmark EVALSHA of the fixed-window script, same window and limit as the JMH benchmark. */
    static List<Map<String, Object>> ceiling(int port, String sha, String phase) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int c : THREADS) {
            for (int keys : KEYS) {
                String key = keys == 1 ? "authstash:rl:{ceiling-hot}" : "authstash:rl:{__rand_int__}";
                int n = Jmh.quick() ? 20_000 : (c == 1 ? 150_000 : 300_000);
                Map<String, Object> r = RedisBenchmarkTool.run(port, c, n, keys == 1 ? 0 : keys, List.of("EVALSHA", sha,
                        "1", key, String.valueOf(RateLimitBenchmark.WINDOW_SECONDS * 1000),
                        String.valueOf(RateLimitBenchmark.MAX)));
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
