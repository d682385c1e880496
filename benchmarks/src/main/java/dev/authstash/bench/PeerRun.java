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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample app against Better Auth itself ({@link BetterAuthPeer}) on one Redis, driven by {@code wrk}
 * (outside both servers; {@code apt-get install wrk}): get-session with a signed-in cookie, and a flood of
 * refused sign-ins (wrong password, one client: 429 after the first 5), in interleaved rounds
 * ({@code -Dbench.rounds}, default 5; {@code wrk -t2 -c32 -d10s}), cookie caches off on both sides, then on on
 * both. Records the 1-minute load average before and after every round and discards rounds started above 1.0
 * (the machine was busy). Writes {@code peer.json}: every round, and the per-round ratios authstash / Better Auth.
 * Written for issue 15 and smoke-tested (both servers answer get-session); not yet run as a benchmark.
 */
public final class PeerRun {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private PeerRun() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        String duration = System.getProperty("bench.duration", "10s");
        Path flood = Files.createTempFile("refused-sign-in", ".lua");
        Files.writeString(flood, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.body = '{\"email\":\"bench@example.com\",\"password\":\"wrong-password\"}'\n");
        List<Map<String, Object>> runs = new ArrayList<>();
        try (RedisProcess redis = RedisProcess.launch()) {
            for (boolean cache : new boolean[] {false, true}) {
                try (Running app = SampleApp.start(appEnv(redis.url(), cache));
                     BetterAuthPeer peer = new BetterAuthPeer(redis.url(), cache)) {
                    Map<String, String> cookies = Map.of("authstash", signInSample(app.url() + "/api/auth"),
                            "better-auth", peer.signIn());
                    Map<String, String> bases = Map.of("authstash", app.url() + "/api/auth",
                            "better-auth", peer.baseUrl());
                    for (int round = 1; round <= rounds; round++) {
                        for (String scenario : List.of("get-session", "refused-sign-in")) {
                            Map<String, Double> rps = new LinkedHashMap<>();
                            for (String server : List.of("authstash", "better-auth")) {
                                String loadBefore = Machine.loadAverage();
                                double value = scenario.equals("get-session")
                                        ? wrk(duration, bases.get(server) + "/get-session", cookies.get(server), null)
                                        : wrk(duration, bases.get(server) + "/sign-in/email", null, flood);
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("cookieCache", cache);
                                m.put("round", round);
                                m.put("scenario", scenario);
                                m.put("server", server);
                                m.put("rps", value);
                                m.put("loadBefore", loadBefore);
                                m.put("loadAfter", Machine.loadAverage());
                                m.put("discarded", loadBefore.startsWith("?")
                                        || Double.parseDouble(loadBefore.split(" ")[0]) > 1.0);
                                runs.add(m);
                                System.out.println(m);
                                rps.put(server, value);
                            }
                            Map<String, Object> ratio = new LinkedHashMap<>();
                            ratio.put("cookieCache", cache);
                            ratio.put("round", round);
                            ratio.put("scenario", scenario);
                            ratio.put("ratio", rps.get("authstash") / rps.get("better-auth"));
                            runs.add(ratio);
                        }
                    }
                }
            }
        }
        Results.write("peer.json", Map.of("environment", Machine.describe(), "runs", runs));
    }

    private static Map<String, String> appEnv(String redisUrl, boolean cookieCache) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(Map.of("PORT", "0", "REDIS_URL", redisUrl,
                "AUTHSTASH_SECRET", "bench-secret-of-at-least-32-characters"));
        if (cookieCache) {
            Path config = Files.createTempFile("authstash-cookie-cache", ".json");
            String bundled;
            try (var in = SampleApp.class.getResourceAsStream("/authstash.json")) {
                bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Files.writeString(config, bundled.replace("\"session\": {",
                    "\"session\": { \"cookieCache\": { \"enabled\": true, \"maxAge\": 300 },"));
            env.put("AUTHSTASH_CONFIG", config.toString());
        }
        return env;
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

    /** Requests/s that {@code wrk -t2 -c32} reports for {@code url}. */
    private static double wrk(String duration, String url, String cookie, Path script)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c32", "-d" + duration));
        if (cookie != null) {
            cmd.addAll(List.of("-H", "Cookie: " + cookie));
        }
        if (script != null) {
            cmd.addAll(List.of("-s", script.toString()));
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher m = RPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
