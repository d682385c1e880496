package dev.authstash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns the results files of {@link RateLimitRun}, {@link SessionRun} and {@link HttpRun} into
 * {@code results/tables.md} (the tables and target checks of RESULTS.md) and the chart
 * ({@code -Dbench.chart}, default {@code benchmarks/results.png}).
 */
public final class Summarize {
    static final String[] LOCAL = {"authstashMemory", "authstashMemoryStore", "authstashGateMemory", "authstashNormalize",
        "bucket4jLocal"};
    static final String[] REDIS = {"authstashRedis", "jedisEvalsha", "bucket4jJedis"};
    static final String[] KEYS = {"1", "10000"};

    private final JmhResults rate = new JmhResults();
    private final JmhResults sessions = new JmhResults();
    private final JsonNode ceiling;
    private final JsonNode sessionCounts;
    private final JsonNode http;
    private final JsonNode peer;
    private final JsonNode httpJedis;
    private final JsonNode ruleKeys;
    private final JsonNode ruleKeysJmh;
    private final JsonNode rateInterleaved;
    private final JsonNode sessionsInterleaved;
    private final StringBuilder md = new StringBuilder();

    private Summarize(Path dir) throws IOException {
        for (int t : RateLimitRun.THREADS) {
            rate.read(dir.resolve("ratelimit-t" + t + ".json"));
            sessions.read(dir.resolve("sessions-t" + t + ".json"));
        }
        ceiling = readOrNull(dir.resolve("ratelimit-ceiling.json"));
        sessionCounts = readOrNull(dir.resolve("sessions-counts.json"));
        http = readOrNull(dir.resolve("http.json"));
        peer = readOrNull(dir.resolve("peer.json"));
        httpJedis = readOrNull(dir.resolve("http-floor.json"));
        ruleKeys = readOrNull(dir.resolve("rulekeys.json"));
        ruleKeysJmh = readOrNull(dir.resolve("rulekeys-jmh.json"));
        rateInterleaved = readOrNull(dir.resolve("ratelimit-interleaved.json"));
        sessionsInterleaved = readOrNull(dir.resolve("sessions-interleaved.json"));
    }

    public static void main(String[] args) throws IOException {
        Path dir = Results.dir();
        Summarize s = new Summarize(dir);
        s.tables();
        Files.writeString(dir.resolve("tables.md"), s.md);
        System.out.println(s.md);
        Path chart = Path.of(System.getProperty("bench.chart", "benchmarks/results.png"));
        new ResultsChart(s.rate, s.sessions, s.ceiling, s.rateInterleaved, s.sessionsInterleaved, s.http, s.peer).write(chart);
        System.out.println("wrote " + dir.resolve("tables.md") + " and " + chart);
    }

    private static JsonNode readOrNull(Path p) throws IOException {
        return Files.exists(p) ? Results.JSON.readTree(p.toFile()) : null;
    }

    private void tables() {
        line("### Rate-limit decisions (JMH; ops/s = all threads together ± 99.9%% CI; p50/p99 of one decision in µs)\n");
        line("| benchmark | keys | 1 thread ops/s | p50 | p99 | bytes/op | 8 threads ops/s | p50 | p99 |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String b : concat(LOCAL, REDIS)) {
            for (String k : KEYS) {
                JmhResults.Figure a = rate.get(b, k, 1);
                JmhResults.Figure e = rate.get(b, k, 8);
                line("| %s | %s | %s | %s | %s | %s | %s | %s | %s |", b, k, withError(a), us(a.p50Micros()),
                        us(a.p99Micros()), Double.isNaN(a.bytesPerOp()) ? "–" : String.format(Locale.ROOT, "%.0f",
                                a.bytesPerOp()), withError(e), us(e.p50Micros()), us(e.p99Micros()));
            }
        }
        if (ceiling != null) {
            line("\n### Redis decisions against the ceiling (redis-benchmark EVALSHA of fixed-window.lua, same server)\n");
            line("| threads = connections | keys | ceiling ops/s (before / after JMH) | authstash Redis ops/s | "
                    + "authstash / ceiling | plain Jedis EVALSHA / ceiling | Bucket4j-Jedis ops/s | authstash / Bucket4j |");
            line("|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int t : RateLimitRun.THREADS) {
                for (String k : KEYS) {
                    double before = ceiling(t, k, "before");
                    double after = ceiling(t, k, "after");
                    double c = (before + after) / 2;
                    double a = rate.get("authstashRedis", k, t).opsPerSecond();
                    double j = rate.get("jedisEvalsha", k, t).opsPerSecond();
                    double b = rate.get("bucket4jJedis", k, t).opsPerSecond();
                    line("| %d | %s | %s (%s / %s) | %s | %s | %s | %s | %s |", t, k, ops(c), ops(before), ops(after),
                            ops(a), pct(a / c), pct(j / c), ops(b), ratio(a / b));
                }
            }
        }
        if (rateInterleaved != null) {
            line("\n### Redis decisions, interleaved rounds (%d × %d ms per contender; median ops/s; ratio = median of per-round ratios [min–max])\n",
                    RateLimitRun.ROUNDS, Interleaved.SLICE_MS);
            line("| threads = connections | keys | ceiling (redis-benchmark) | authstash Redis | plain Jedis EVALSHA | "
                    + "Bucket4j-Jedis | authstash / ceiling | plain Jedis / ceiling | authstash / Bucket4j-Jedis |");
            line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (JsonNode r : rateInterleaved.get("runs")) {
                JsonNode m = r.get("medianOpsPerSecond");
                line("| %d | %d | %s | %s | %s | %s | %s | %s | %s |", r.get("threads").asInt(), r.get("keys").asInt(),
                        ops(m.get("ceiling").asDouble()), ops(m.get("authstashRedis").asDouble()),
                        ops(m.get("jedisEvalsha").asDouble()), ops(m.get("bucket4jJedis").asDouble()),
                        range(r.get("authstashRedisOverCeiling"), true), range(r.get("jedisEvalshaOverCeiling"), true),
                        range(r.get("authstashRedisOverBucket4jJedis"), false));
            }
        }
        line("\n### Session validation (JMH; 10,000 sessions, token picked uniformly)\n");
        line("| threads | Redis ops/s | p50 µs | p99 µs | PostgreSQL ops/s | p50 µs | p99 µs | Redis / PostgreSQL |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int t : RateLimitRun.THREADS) {
            JmhResults.Figure r = sessions.get("redis", "-", t);
            JmhResults.Figure p = sessions.get("postgres", "-", t);
            line("| %d | %s | %s | %s | %s | %s | %s | %s |", t, withError(r), us(r.p50Micros()),
                    us(r.p99Micros()), withError(p), us(p.p50Micros()), us(p.p99Micros()),
                    ratio(r.opsPerSecond() / p.opsPerSecond()));
        }
        if (sessionsInterleaved != null) {
            line("\n| threads (interleaved rounds) | Redis median ops/s | PostgreSQL median ops/s | Redis / PostgreSQL [min–max] |");
            line("|---:|---:|---:|---:|");
            for (JsonNode r : sessionsInterleaved.get("runs")) {
                JsonNode m = r.get("medianOpsPerSecond");
                line("| %d | %s | %s | %s |", r.get("threads").asInt(), ops(m.get("redis").asDouble()),
                        ops(m.get("postgres").asDouble()), range(r.get("redisOverPostgres"), false));
            }
        }
        if (sessionCounts != null) {
            line("\n| mode | SQL statements per lookup | Redis commands per lookup |");
            line("|---|---:|---:|");
            sessionCounts.get("perLookup").properties().forEach(e -> line("| %s | %s | %s |", e.getKey(),
                    num(e.getValue().get("sqlStatementsPerLookup").asDouble()),
                    num(e.getValue().get("redisCommandsPerLookup").asDouble())));
        }
        if (http != null) {
            JsonNode env = http.get("environment");
            line("\n### HTTP through Jetty 12 (%s from outside the JVM; medians of the %d rounds that started at load ≤ 1.0)\n",
                    env.path("wrk").asText("wrk"), httpRatioValues("memory").length);
            line("| variant | median requests/s | median p50 µs | median p99 µs | vs no filter, per-round ratio: median [min–max] |");
            line("|---|---:|---:|---:|---:|");
            for (String v : List.of("none", "memory", "redis")) {
                line("| %s | %s | %s | %s | %s |", v, ops(httpMedian(v, "rps")), us(httpMedian(v, "p50us")),
                        us(httpMedian(v, "p99us")), v.equals("none") ? "–" : range(httpRatio(v), true));
            }
            line("\nrequests/s per kept run: %s", String.join("; ", List.of("none " + httpRounds("none"),
                    "memory " + httpRounds("memory"), "redis " + httpRounds("redis"))));
        }
        if (httpJedis != null) {
            md.append(HttpFloorTable.table(httpJedis));
        }
        if (peer != null) {
            md.append(PeerTables.tables(peer));
        }
        if (ruleKeys != null || ruleKeysJmh != null) {
            md.append(RuleKeysTables.tables(ruleKeys, ruleKeysJmh));
        }
        targets();
    }

    private void targets() {
        line("\n### Targets (computed)\n");
        if (rateInterleaved != null) {
            for (JsonNode r : rateInterleaved.get("runs")) {
                double f = r.get("authstashRedisOverCeiling").get("median").asDouble();
                line("- Redis decisions ≥ 80%% of ceiling (interleaved), %d thread(s), %d key(s): %s → %s",
                        r.get("threads").asInt(), r.get("keys").asInt(), range(r.get("authstashRedisOverCeiling"), true),
                        f >= 0.8 ? "met" : "missed");
                if (r.get("threads").asInt() == 8) {
                    line("- Redis decisions ≥ 90%% of ceiling at 8 connections (issue 15, interleaved), %d key(s): %s → %s",
                            r.get("keys").asInt(), range(r.get("authstashRedisOverCeiling"), true), f >= 0.9 ? "met" : "missed");
                }
            }
            for (JsonNode r : rateInterleaved.get("runs")) {
                if (r.get("keys").asInt() == 1) {
                    double q = r.get("authstashRedisOverBucket4jJedis").get("median").asDouble();
                    line("- ≥ 2× Bucket4j-Jedis on a hot key (interleaved), %d thread(s): %s → %s", r.get("threads").asInt(),
                            range(r.get("authstashRedisOverBucket4jJedis"), false), q >= 2 ? "met" : "missed");
                }
            }
        }
        if (sessionsInterleaved != null) {
            for (JsonNode r : sessionsInterleaved.get("runs")) {
                double q = r.get("redisOverPostgres").get("median").asDouble();
                line("- Redis session lookups ≥ 3× PostgreSQL (interleaved), %d thread(s): %s → %s",
                        r.get("threads").asInt(), range(r.get("redisOverPostgres"), false), q >= 3 ? "met" : "missed");
            }
        }
        line("");
        if (ceiling != null) {
            for (int t : RateLimitRun.THREADS) {
                for (String k : KEYS) {
                    double c = (ceiling(t, k, "before") + ceiling(t, k, "after")) / 2;
                    double f = rate.get("authstashRedis", k, t).opsPerSecond() / c;
                    line("- (JMH) Redis decisions ≥ 80%% of ceiling, %d thread(s), %s key(s): %s → %s", t, k, pct(f),
                            f >= 0.8 ? "met" : "missed");
                }
            }
        }
        for (int t : RateLimitRun.THREADS) {
            double r = rate.get("authstashRedis", "1", t).opsPerSecond() / rate.get("bucket4jJedis", "1", t).opsPerSecond();
            line("- (JMH) ≥ 2× Bucket4j-Jedis on a hot key, %d thread(s): %s → %s", t, ratio(r), r >= 2 ? "met" : "missed");
        }
        if (http != null) {
            JsonNode r = httpRatio("memory");
            line("- memory-mode filter ≥ 95%% of no-filter throughput (wrk, per-round ratio): %s → %s", range(r, true),
                    r.get("median").asDouble() >= 0.95 ? "met" : "missed");
            r = httpRatio("redis");
            line("- Redis-mode filter ≥ 85%% of no-filter throughput (wrk, per-round ratio): %s → %s", range(r, true),
                    r.get("median").asDouble() >= 0.85 ? "met" : "missed");
        }
        for (String k : KEYS) {
            double a = rate.get("authstashMemory", k, 1).p50Micros();
            double b = rate.get("bucket4jLocal", k, 1).p50Micros();
            line("- (JMH) memory decision p50 within 2× of Bucket4j LocalBucket, 1 thread, %s key(s): %s vs %s µs = %s → %s",
                    k, us(a), us(b), ratio(a / b), a <= 2 * b ? "met" : "missed");
            double g = rate.get("authstashGateMemory", k, 1).p50Micros();
            line("- (JMH) gate ≤ 1 µs p50 in memory mode, 1 thread, %s key(s): %s µs → %s", k, us(g), g <= 1 ? "met" : "missed");
        }
        for (int t : RateLimitRun.THREADS) {
            double r = sessions.get("redis", "-", t).opsPerSecond() / sessions.get("postgres", "-", t).opsPerSecond();
            line("- (JMH) Redis session lookups ≥ 3× PostgreSQL, %d thread(s): %s → %s", t, ratio(r), r >= 3 ? "met" : "missed");
        }
    }

    double ceiling(int clients, String keys, String phase) {
        return ceiling(ceiling, clients, keys, phase);
    }

    static double ceiling(JsonNode ceiling, int clients, String keys, String phase) {
        for (JsonNode n : ceiling.get("ceiling")) {
            if (n.get("clients").asInt() == clients && n.get("keys").asText().equals(keys)
                    && n.get("phase").asText().equals(phase)) {
                return n.get("rps").asDouble();
            }
        }
        return Double.NaN;
    }

    private double[] httpValues(String variant, String field) {
        return httpValues(http, variant, field);
    }

    static double[] httpValues(JsonNode http, String variant, String field) {
        List<Double> v = new ArrayList<>();
        for (JsonNode n : http.get("runs")) {
            if (n.get("variant").asText().equals(variant) && !n.path("discarded").asBoolean()) {
                v.add(n.get(field).asDouble());
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    double httpMedian(String variant, String field) {
        return httpMedian(http, variant, field);
    }

    static double httpMedian(JsonNode http, String variant, String field) {
        double[] v = httpValues(http, variant, field);
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Median [min–max] of the per-round ratio variant / none, rounds that started above load 1.0 left out. */
    private JsonNode httpRatio(String variant) {
        double[] q = httpRatioValues(variant);
        Arrays.sort(q);
        com.fasterxml.jackson.databind.node.ObjectNode n = Results.JSON.createObjectNode();
        n.put("median", Interleaved.median(q));
        n.put("min", q.length == 0 ? Double.NaN : q[0]);
        n.put("max", q.length == 0 ? Double.NaN : q[q.length - 1]);
        return n;
    }

    private double[] httpRatioValues(String variant) {
        List<Double> q = new ArrayList<>();
        for (JsonNode r : http.get("ratios")) {
            if (!r.path("discarded").asBoolean()) {
                q.add(r.get(variant).asDouble());
            }
        }
        return q.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private String httpRounds(String variant) {
        StringBuilder b = new StringBuilder();
        for (double v : httpValues(variant, "rps")) {
            b.append(b.length() == 0 ? "" : " / ").append(ops(v));
        }
        return b.toString();
    }

    private void line(String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String ops(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String range(JsonNode r, boolean percent) {
        double m = r.get("median").asDouble();
        double lo = r.get("min").asDouble();
        double hi = r.get("max").asDouble();
        return percent ? String.format(Locale.ROOT, "%.0f%% [%.0f–%.0f%%]", 100 * m, 100 * lo, 100 * hi)
                : String.format(Locale.ROOT, "%.2f× [%.2f–%.2f]", m, lo, hi);
    }

    private static String withError(JmhResults.Figure f) {
        return Double.isNaN(f.opsError()) ? ops(f.opsPerSecond())
                : ops(f.opsPerSecond()) + " ± " + String.format(Locale.ROOT, "%.0f%%", 100 * f.opsError() / f.opsPerSecond());
    }

    private static String us(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }
}
