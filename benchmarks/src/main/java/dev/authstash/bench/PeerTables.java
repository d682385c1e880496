package dev.authstash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The tables and target checks of {@link PeerRun}'s {@code peer.json} (rounds started above load 1.0 left out). */
final class PeerTables {
    private PeerTables() {}

    static String tables(JsonNode peer) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n### The sample app against Better Auth 1.7 (%s; same Redis; medians of"
                + " kept rounds)%n%n", peer.get("environment").path("wrk").asText("wrk")));
        md.append("| cookie cache | scenario | authstash req/s | p50 µs | p99 µs | Better Auth req/s | p50 µs | p99 µs"
                + " | authstash / Better Auth per round: median [min–max] | kept rounds |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (boolean cache : new boolean[] {false, true}) {
            for (String scenario : List.of("get-session", "refused-sign-in")) {
                double[] q = ratios(peer, cache, scenario);
                md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.0f | %.0f | %,.0f | %.0f | %.0f | %s | %d |%n",
                        cache ? "on" : "off", scenario,
                        median(peer, cache, scenario, "authstash", "rps"), median(peer, cache, scenario, "authstash", "p50us"),
                        median(peer, cache, scenario, "authstash", "p99us"),
                        median(peer, cache, scenario, "better-auth", "rps"),
                        median(peer, cache, scenario, "better-auth", "p50us"),
                        median(peer, cache, scenario, "better-auth", "p99us"), range(q), q.length));
            }
        }
        md.append("\n");
        check(md, peer, false, "get-session", 15, "get-session ≥ 15× Better Auth, cookie caches off");
        check(md, peer, true, "get-session", 1, "get-session ahead of Better Auth, cookie caches on");
        check(md, peer, false, "refused-sign-in", 10, "refused sign-in flood ≥ 10× Better Auth, cookie caches off");
        check(md, peer, true, "refused-sign-in", 10, "refused sign-in flood ≥ 10× Better Auth, cookie caches on");
        return md.toString();
    }

    private static void check(StringBuilder md, JsonNode peer, boolean cache, String scenario, double target, String what) {
        double[] q = ratios(peer, cache, scenario);
        md.append(String.format(Locale.ROOT, "- %s: %s → %s%n", what, range(q),
                q.length > 0 && Interleaved.median(q) >= target ? "met" : "missed"));
    }

    static double[] ratios(JsonNode peer, boolean cache, String scenario) {
        List<Double> q = new ArrayList<>();
        for (JsonNode r : peer.get("ratios")) {
            if (r.get("cookieCache").asBoolean() == cache && r.get("scenario").asText().equals(scenario)
                    && !r.path("discarded").asBoolean()) {
                q.add(r.get("ratio").asDouble());
            }
        }
        double[] v = q.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }

    static double median(JsonNode peer, boolean cache, String scenario, String server, String field) {
        List<Double> q = new ArrayList<>();
        for (JsonNode r : peer.get("runs")) {
            if (r.get("cookieCache").asBoolean() == cache && r.get("scenario").asText().equals(scenario)
                    && r.get("server").asText().equals(server) && !r.path("discarded").asBoolean()) {
                q.add(r.get(field).asDouble());
            }
        }
        return Interleaved.median(q.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String range(double[] sorted) {
        return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f× [%.2f–%.2f]", Interleaved.median(sorted),
                sorted[0], sorted[sorted.length - 1]);
    }
}
