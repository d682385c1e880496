package dev.authstash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of {@code http-floor.json} ({@link HttpRun} with {@code -Dbench.variants=none,redis,jedis
 * -Dbench.httpFile=http-floor.json}): authstash's Redis-mode filter against a bare Jedis EVALSHA filter.
 */
final class HttpFloorTable {
    private HttpFloorTable() {}

    static String table(JsonNode http) {
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        Map<Integer, Map<String, Double>> byRound = new LinkedHashMap<>();
        for (JsonNode r : http.get("runs")) {
            if (r.path("discarded").asBoolean()) {
                continue;
            }
            rps.computeIfAbsent(r.get("variant").asText(), k -> new ArrayList<>()).add(r.get("rps").asDouble());
            byRound.computeIfAbsent(r.get("round").asInt(), k -> new LinkedHashMap<>())
                    .put(r.get("variant").asText(), r.get("rps").asDouble());
        }
        List<Double> q = new ArrayList<>();
        for (Map<String, Double> round : byRound.values()) {
            if (round.containsKey("redis") && round.containsKey("jedis")) {
                q.add(round.get("redis") / round.get("jedis"));
            }
        }
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n### Redis-mode filter against a bare Jedis"
                + " EVALSHA filter (%s; %d kept rounds)%n%n| variant | median requests/s |%n|---|---:|%n",
                http.get("environment").path("wrk").asText("wrk"), q.size()));
        rps.forEach((v, values) -> md.append(String.format(Locale.ROOT, "| %s | %,.0f |%n", v,
                Interleaved.median(values.stream().mapToDouble(Double::doubleValue).toArray()))));
        double[] ratios = q.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        md.append(String.format(Locale.ROOT, "%nauthstash Redis / bare Jedis EVALSHA, per round: %s%n",
                ratios.length == 0 ? "–" : String.format(Locale.ROOT, "%.0f%% [%.0f–%.0f%%]",
                        100 * Interleaved.median(ratios), 100 * ratios[0], 100 * ratios[ratios.length - 1])));
        return md.toString();
    }
}
