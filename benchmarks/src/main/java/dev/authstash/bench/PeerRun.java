package dev.authstash.bench;

import dev.authstash.sample.Running;
import dev.authstash.sample.SampleApp;
import dev.authstash.testkit.RedisProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The sample app against Better Auth itself ({@link BetterAuthPeer}) on one Redis, driven by {@link Wrk}
 * ({@code wrk -t2 -c32}, outside both servers): get-session with a signed-in cookie, and a flood of refused
 * sign-ins (wrong password from one client: 429 after the first 5), cookie caches off on both sides, then on on
 * both. Both keep the article's rules except the global max, raised to {@value #GLOBAL_MAX} per 60 s so that every
 * get-session is still counted but none is refused. Per phase: Redis flushed, both servers warmed up
 * ({@code -Dbench.warmup}, default 10s per server and scenario), then {@code -Dbench.rounds} (default 5)
 * interleaved rounds of {@code -Dbench.duration} (default 5s), the server that goes first alternating. Before
 * every run the driver waits for the 1-minute load average to fall to 1.0 ({@link Machine#awaitQuiet()}) and a
 * run that still starts above it is kept but marked discarded. {@code -Dbench.cookieCache=off} runs one phase. Writes {@code peer.json}: every run (requests/s,
 * p50/p99, non-2xx answers, load before and after) and the per-round ratios authstash / Better Auth.
 */
public final class PeerRun {
    static final long GLOBAL_MAX = 1_000_000_000L;
    private static final List<String> SERVERS = List.of("authstash", "better-auth");

    private PeerRun() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        String duration = System.getProperty("bench.duration", "5s");
        String warmup = System.getProperty("bench.warmup", "10s");
        Path flood = Files.createTempFile("refused-sign-in", ".lua");
        Files.writeString(flood, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = '{\"email\":\"bench@example.com\",\"password\":\"wrong-password\"}'\n");
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Map<String, Object>> ratios = new ArrayList<>();
        Map<String, Object> env;
        try (RedisProcess redis = RedisProcess.launch(); Jedis jedis = redis.jedis()) {
            env = Results.environment(jedis);
            for (String mode : System.getProperty("bench.cookieCache", "off,on").split(",")) {
                boolean cache = mode.trim().equals("on");
                jedis.flushAll();
                try (Running app = SampleApp.start(appEnv(redis.url(), cache));
                     BetterAuthPeer peer = new BetterAuthPeer(redis.url(), cache, GLOBAL_MAX)) {
                    Map<String, String> cookies = Map.of("authstash", signInSample(app.url() + "/api/auth"),
                            "better-auth", peer.signIn());
                    Map<String, String> bases = Map.of("authstash", app.url() + "/api/auth",
                            "better-auth", peer.baseUrl());
                    for (String server : SERVERS) {
                        for (String scenario : List.of("get-session", "refused-sign-in")) {
                            check(run(scenario, warmup, bases.get(server), cookies.get(server), flood), server, scenario);
                        }
                    }
                    for (int round = 1; round <= rounds; round++) {
                        for (String scenario : List.of("get-session", "refused-sign-in")) {
                            Map<String, Double> rps = new LinkedHashMap<>();
                            boolean discarded = false;
                            List<String> order = round % 2 == 1 ? SERVERS : List.of(SERVERS.get(1), SERVERS.get(0));
                            for (String server : order) {
                                Map<String, Object> m = Wrk.quietRun(() -> check(run(scenario, duration,
                                        bases.get(server), cookies.get(server), flood), server, scenario),
                                        "cookieCache", cache, "round", round, "scenario", scenario, "server", server);
                                discarded |= (Boolean) m.get("discarded");
                                runs.add(m);
                                rps.put(server, (Double) m.get("rps"));
                            }
                            Map<String, Object> ratio = new LinkedHashMap<>();
                            ratio.put("cookieCache", cache);
                            ratio.put("round", round);
                            ratio.put("scenario", scenario);
                            ratio.put("ratio", rps.get("authstash") / rps.get("better-auth"));
                            ratio.put("discarded", discarded);
                            ratios.add(ratio);
                            System.out.println(ratio);
                        }
                    }
                }
            }
            env.put("loadAfter", Machine.loadAverage());
        }
        env.put("wrk", "wrk -t2 -c32 --latency; warm-up " + warmup + ", rounds of " + duration);
        env.put("globalMax", GLOBAL_MAX);
        Results.write("peer.json", Map.of("environment", env, "runs", runs, "ratios", ratios));
    }

    private static Wrk.Result run(String scenario, String duration, String base, String cookie, Path flood)
            throws IOException, InterruptedException {
        return scenario.equals("get-session") ? Wrk.run(duration, base + "/get-session", cookie, null)
                : Wrk.run(duration, base + "/sign-in/email", null, flood);
    }

    /** get-session must never be refused; the flood must be (all but the first few answers are 429). */
    private static Wrk.Result check(Wrk.Result r, String server, String scenario) {
        boolean ok = scenario.equals("get-session") ? r.non2xx() == 0 : r.non2xx() >= r.requests() - 10;
        if (!ok || r.requests() == 0) {
            throw new IllegalStateException(server + " " + scenario + ": " + r.non2xx() + " of " + r.requests()
                    + " answers were not 2xx");
        }
        return r;
    }

    /** The bundled config with the global max raised and, when asked, the cookie cache on (maxAge 300 s). */
    private static Map<String, String> appEnv(String redisUrl, boolean cookieCache) throws IOException {
        String config;
        try (var in = SampleApp.class.getResourceAsStream("/authstash.json")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String raised = config.replace("\"window\": 60, \"max\": 100,", "\"window\": 60, \"max\": " + GLOBAL_MAX + ",");
        if (raised.equals(config)) {
            throw new IllegalStateException("the sample app's global rule is no longer \"window\": 60, \"max\": 100");
        }
        if (cookieCache) {
            raised = raised.replace("\"session\": {", "\"session\": { \"cookieCache\": { \"enabled\": true, \"maxAge\": 300 },");
        }
        Path file = Files.createTempFile("authstash-bench", ".json");
        Files.writeString(file, raised);
        return Map.of("PORT", "0", "REDIS_URL", redisUrl, "AUTHSTASH_CONFIG", file.toString(),
                "AUTHSTASH_SECRET", "bench-secret-of-at-least-32-characters");
    }

    /** Signs a new user up on the sample app; returns its {@code Cookie} header value. */
    private static String signInSample(String base) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/sign-up/email")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"bench@example.com\","
                        + "\"password\":\"bench-password-1\",\"name\":\"Bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sample app sign-up: " + r.statusCode() + " " + r.body());
        }
        return BetterAuthPeer.cookies(r.headers().allValues("set-cookie"));
    }
}
