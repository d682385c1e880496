package dev.authstash.bench;

import dev.authstash.Authstash;
import dev.authstash.testkit.RedisProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import redis.clients.jedis.Jedis;

/**
 * HTTP, one command: three Jetty servers with the same trivial servlet — no filter, {@code RateLimitFilter} with
 * counters in memory, and with counters in Redis (a redis-server started here) — loaded in turn, round after
 * round ({@value #ROUNDS} rounds, {@code -Dbench.users} virtual users, default 8), so that drift of a shared
 * machine hits all three alike. Every request is counted by the filter and allowed. Writes {@code http.json}.
 */
public final class HttpRun {
    static final int ROUNDS = 9;
    static final int CLIENTS = 10_000;

    private HttpRun() {}

    /** Fails unless the server answers 200 with ({@code filtered}) or without the {@code RateLimit} header. */
    static void requireFilter(String variant, int port, boolean filtered) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HttpServers.BASE_PATH
                        + "/get-session")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        boolean limited = r.headers().firstValue("RateLimit").isPresent();
        if (r.statusCode() != 200 || limited != filtered) {
            throw new IllegalStateException(variant + ": expected 200 " + (filtered ? "with" : "without")
                    + " a RateLimit header, got " + r.statusCode() + " " + r.headers().map());
        }
    }

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("bench.users", 8);
        int requests = Jmh.quick() ? 3_000 : 10_000;
        int warmup = Jmh.quick() ? 1_000 : 3_000;
        // the JDK client and Jetty keep getting faster for ~100k requests: round 0 warms each server with 40k
        int firstWarmup = Jmh.quick() ? 2_000 : 40_000;
        Duration maxTime = Duration.ofSeconds(60);
        try (RedisProcess redis = RedisProcess.launch(); Jedis jedis = redis.jedis();
             Authstash memory = HttpServers.authstash("");
             Authstash inRedis = HttpServers.authstash(redis.url())) {
            Map<String, Object> env = Results.environment(jedis);
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put("none", HttpServers.start(null));
            servers.put("memory", HttpServers.start(memory));
            servers.put("redis", HttpServers.start(inRedis));
            HttpLoad load = new HttpLoad();
            for (Map.Entry<String, Server> e : servers.entrySet()) {
                requireFilter(e.getKey(), HttpServers.port(e.getValue()), !e.getKey().equals("none"));
            }
            List<Map<String, Object>> runs = new ArrayList<>();
            try {
                for (int round = 0; round <= ROUNDS; round++) {
                    for (Map.Entry<String, Server> e : servers.entrySet()) {
                        URI uri = URI.create("http://127.0.0.1:" + HttpServers.port(e.getValue())
                                + HttpServers.BASE_PATH + "/get-session");
                        // round 0 warms every server and the client up; rounds 1.. are measured
                        HttpLoad.Outcome o = load.run(uri, users, round == 0 ? firstWarmup : warmup, CLIENTS, maxTime);
                        if (round > 0) {
                            o = load.run(uri, users, requests, CLIENTS, maxTime);
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("variant", e.getKey());
                            m.put("round", round);
                            m.putAll(o.toMap());
                            runs.add(m);
                            System.out.println(m);
                        }
                        if (o.errors() > 0) {
                            throw new IllegalStateException(e.getKey() + ": " + o.errors() + " requests failed or refused");
                        }
                    }
                }
            } finally {
                for (Server s : servers.values()) {
                    s.stop();
                }
            }
            env.put("loadAfter", Machine.loadAverage());
            env.put("users", users);
            env.put("requestsPerRun", requests);
            env.put("redisKeysAfter", jedis.dbSize());
            Results.write("http.json", Map.of("environment", env, "runs", runs));
        }
    }
}
