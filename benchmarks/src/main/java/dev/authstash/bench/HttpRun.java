package dev.authstash.bench;

import dev.authstash.Authstash;
import dev.authstash.testkit.RedisProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * HTTP, one command: three Jetty servers in this JVM with the same trivial servlet — no filter,
 * {@code RateLimitFilter} with counters in memory, and with counters in Redis (a redis-server started here) —
 * loaded by {@link Wrk} from outside the JVM ({@code wrk -t2 -c32}; every request carries an
 * {@code X-Forwarded-For} from {@value #CLIENTS} addresses, 127.0.0.1 being a trusted proxy, so the filter keeps
 * one counter per address; every request is counted and allowed), and a fourth, "jedis", whose filter is a bare
 * Jedis EVALSHA of the same script ({@link BareEvalshaFilter}: the floor of any one-round-trip Redis limiter;
 * {@code -Dbench.variants=none,redis,jedis} keeps some). After a warm-up run per server
 * ({@code -Dbench.warmup}, default 15s), {@code -Dbench.rounds} (default 7) interleaved rounds of
 * {@code -Dbench.duration} (default 5s), the order rotating each round; the driver waits for a 1-minute load
 * average of 1.0 before every run ({@link Machine#awaitQuiet()}) and marks runs that still start above it
 * discarded. Writes {@code http.json}: every run and the per-round ratios filtered / no filter.
 */
public final class HttpRun {
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
        int rounds = Integer.getInteger("bench.rounds", 7);
        String duration = System.getProperty("bench.duration", "5s");
        String warmup = System.getProperty("bench.warmup", "15s");
        Path script = Files.createTempFile("x-forwarded-for", ".lua");
        Files.writeString(script, "request = function()\n"
                + "  local i = math.random(0, " + (CLIENTS - 1) + ")\n"
                + "  return wrk.format(nil, nil, {[\"X-Forwarded-For\"] = \"198.18.\" .. math.floor(i / 256)"
                + " .. \".\" .. (i % 256)})\nend\n");
        try (RedisProcess redis = RedisProcess.launch(); Jedis jedis = redis.jedis();
             Authstash memory = HttpServers.authstash("");
             Authstash inRedis = HttpServers.authstash(redis.url())) {
            Map<String, Object> env = Results.environment(jedis);
            Map<String, Server> servers = new LinkedHashMap<>();
            servers.put("none", HttpServers.start((Authstash) null));
            servers.put("memory", HttpServers.start(memory));
            servers.put("redis", HttpServers.start(inRedis));
            ConnectionPoolConfig pool = new ConnectionPoolConfig();
            pool.setMaxTotal(dev.authstash.storage.StorageSettings.DEFAULT_POOL_SIZE);
            pool.setMaxIdle(dev.authstash.storage.StorageSettings.DEFAULT_POOL_SIZE);
            RedisClient bare = RedisClient.builder()
                    .hostAndPort("127.0.0.1", redis.port()).poolConfig(pool).build();
            servers.put("jedis", HttpServers.start(new org.eclipse.jetty.ee10.servlet.FilterHolder(
                    new BareEvalshaFilter(bare, jedis.scriptLoad(RateLimitRun.fixedWindowScript())))));
            String only = System.getProperty("bench.variants", "");
            if (!only.isBlank()) {
                for (String v : List.copyOf(servers.keySet())) {
                    if (!List.of(only.split(",")).contains(v)) {
                        servers.remove(v).stop();
                    }
                }
            }
            List<String> variants = List.copyOf(servers.keySet());
            Map<String, String> urls = new LinkedHashMap<>();
            for (Map.Entry<String, Server> e : servers.entrySet()) {
                if (!e.getKey().equals("jedis")) {
                    requireFilter(e.getKey(), HttpServers.port(e.getValue()), !e.getKey().equals("none"));
                }
                urls.put(e.getKey(), "http://127.0.0.1:" + HttpServers.port(e.getValue()) + HttpServers.BASE_PATH
                        + "/get-session");
            }
            List<Map<String, Object>> runs = new ArrayList<>();
            List<Map<String, Object>> ratios = new ArrayList<>();
            try {
                for (String v : variants) {
                    check(v, Wrk.run(warmup, urls.get(v), null, script));
                }
                for (int round = 1; round <= rounds; round++) {
                    Map<String, Double> rps = new LinkedHashMap<>();
                    boolean discarded = false;
                    for (int i = 0; i < variants.size(); i++) {
                        String v = variants.get((i + round) % variants.size());
                        Map<String, Object> m = Wrk.quietRun(() -> check(v, Wrk.run(duration, urls.get(v), null,
                                script)), "variant", v, "round", round);
                        discarded |= (Boolean) m.get("discarded");
                        runs.add(m);
                        rps.put(v, (Double) m.get("rps"));
                    }
                    Map<String, Object> ratio = new LinkedHashMap<>();
                    ratio.put("round", round);
                    for (String v : variants) {
                        if (!v.equals("none")) {
                            ratio.put(v, rps.get(v) / rps.get("none"));
                        }
                    }
                    ratio.put("discarded", discarded);
                    ratios.add(ratio);
                    System.out.println(ratio);
                }
            } finally {
                for (Server s : servers.values()) {
                    s.stop();
                }
                bare.close();
            }
            env.put("loadAfter", Machine.loadAverage());
            env.put("wrk", "wrk -t2 -c32 --latency; warm-up " + warmup + ", rounds of " + duration);
            env.put("redisKeysAfter", jedis.dbSize());
            Results.write(System.getProperty("bench.httpFile", "http.json"), Map.of("environment", env, "runs", runs, "ratios", ratios));
        }
    }

    private static Wrk.Result check(String variant, Wrk.Result r) {
        if (r.non2xx() > 0 || r.requests() == 0 || r.socketErrors() != null) {
            throw new IllegalStateException(variant + ": " + r.non2xx() + " of " + r.requests()
                    + " answers were not 2xx" + (r.socketErrors() == null ? "" : ", socket errors " + r.socketErrors()));
        }
        return r;
    }
}
