package dev.authstash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The PNG of RESULTS.md (two panels a row), from the same results {@link Summarize} reads. */
final class ResultsChart {
    private final JmhResults rate;
    private final JmhResults sessions;
    private final JsonNode ceiling;
    private final JsonNode rateInterleaved;
    private final JsonNode sessionsInterleaved;
    private final JsonNode http;
    private final JsonNode peer;

    ResultsChart(JmhResults rate, JmhResults sessions, JsonNode ceiling, JsonNode rateInterleaved,
                 JsonNode sessionsInterleaved, JsonNode http, JsonNode peer) {
        this.peer = peer;
        this.rate = rate;
        this.sessions = sessions;
        this.ceiling = ceiling;
        this.rateInterleaved = rateInterleaved;
        this.sessionsInterleaved = sessionsInterleaved;
        this.http = http;
    }

    void write(Path file) throws IOException {
        List<Chart.Panel> panels = new ArrayList<>();
        List<String> groups = List.of("1 thr, hot key", "1 thr, 10k keys", "8 thr, hot key", "8 thr, 10k keys");
        panels.add(new Chart.Panel("In-process decisions: authstash memory vs Bucket4j local", "decisions/s (JMH)",
                groups, List.of(Summarize.LOCAL), grid(rate, Summarize.LOCAL, groups.size()), true));
        double[][] redis = new double[groups.size()][Summarize.REDIS.length + 1];
        double[][] local = grid(rate, Summarize.REDIS, groups.size());
        for (int g = 0; g < groups.size(); g++) {
            int t = RateLimitRun.THREADS[g / 2];
            String k = Summarize.KEYS[g % 2];
            redis[g][0] = ceiling == null ? Double.NaN : (Summarize.ceiling(ceiling, t, k, "before") + Summarize.ceiling(ceiling, t, k, "after")) / 2;
            System.arraycopy(local[g], 0, redis[g], 1, Summarize.REDIS.length);
        }
        String redisUnit = "decisions/s (JMH; ceiling = mean of before/after)";
        if (rateInterleaved != null) {
            redisUnit = "decisions/s (median of interleaved rounds)";
            for (JsonNode r : rateInterleaved.get("runs")) {
                int g = (r.get("threads").asInt() == 1 ? 0 : 2) + (r.get("keys").asInt() == 1 ? 0 : 1);
                JsonNode m = r.get("medianOpsPerSecond");
                redis[g] = new double[] {m.get("ceiling").asDouble(), m.get("authstashRedis").asDouble(),
                    m.get("jedisEvalsha").asDouble(), m.get("bucket4jJedis").asDouble()};
            }
        }
        panels.add(new Chart.Panel("Redis decisions vs the redis-benchmark ceiling", redisUnit, groups,
                List.of("redis-benchmark EVALSHA (ceiling)", Summarize.REDIS[0], Summarize.REDIS[1], Summarize.REDIS[2]), redis, false));
        double[][] s = new double[2][2];
        for (int i = 0; i < 2; i++) {
            s[i][0] = sessions.get("redis", "-", RateLimitRun.THREADS[i]).opsPerSecond();
            s[i][1] = sessions.get("postgres", "-", RateLimitRun.THREADS[i]).opsPerSecond();
        }
        String sessionUnit = "lookups/s (JMH)";
        if (sessionsInterleaved != null) {
            sessionUnit = "lookups/s (median of interleaved rounds)";
            for (JsonNode r : sessionsInterleaved.get("runs")) {
                int i = r.get("threads").asInt() == 1 ? 0 : 1;
                s[i][0] = r.get("medianOpsPerSecond").get("redis").asDouble();
                s[i][1] = r.get("medianOpsPerSecond").get("postgres").asDouble();
            }
        }
        panels.add(new Chart.Panel("Session validation: Redis vs PostgreSQL (JDBC)", sessionUnit,
                List.of("1 thread", "8 threads"), List.of("authstash SessionStore.find (Redis)",
                        "PostgreSQL findActive (HikariCP)"), s, false));
        double[][] h = new double[1][3];
        if (http != null) {
            h[0] = new double[] {Summarize.httpMedian(http, "none", "rps"), Summarize.httpMedian(http, "memory", "rps"),
                Summarize.httpMedian(http, "redis", "rps")};
        }
        panels.add(new Chart.Panel("HTTP through Jetty 12: trivial servlet", "requests/s (median, wrk -t2 -c32)", List.of(
                "10,000 client IPs"), List.of("no filter", "RateLimitFilter, memory", "RateLimitFilter, Redis"), h, false));
        if (peer != null) {
            double[][] p = new double[4][2];
            List<String> labels = new ArrayList<>();
            int g = 0;
            for (String scenario : List.of("get-session", "refused-sign-in")) {
                for (boolean cache : new boolean[] {false, true}) {
                    labels.add(scenario + (cache ? ", cache on" : ", cache off"));
                    p[g][0] = PeerTables.median(peer, cache, scenario, "authstash", "rps");
                    p[g++][1] = PeerTables.median(peer, cache, scenario, "better-auth", "rps");
                }
            }
            panels.add(new Chart.Panel("Sample app vs Better Auth 1.7 on one Redis", "requests/s (median, wrk -t2 -c32)",
                    labels, List.of("authstash sample app", "Better Auth"), p, true));
        }
        int w = 760;
        int ph = 430;
        BufferedImage img = new BufferedImage(2 * w, (panels.size() + 1) / 2 * ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            Chart.draw(g, panels.get(i), (i % 2) * w, (i / 2) * ph, w, ph);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double[][] grid(JmhResults r, String[] benchmarks, int groups) {
        double[][] v = new double[groups][benchmarks.length];
        for (int g = 0; g < groups; g++) {
            for (int b = 0; b < benchmarks.length; b++) {
                v[g][b] = r.get(benchmarks[b], Summarize.KEYS[g % 2], RateLimitRun.THREADS[g / 2]).opsPerSecond();
            }
        }
        return v;
    }

}
