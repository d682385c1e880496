package dev.authstash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The tables of {@link RuleKeysRun}: Redis commands per refused request, and the JMH figures. */
final class RuleKeysTables {
    private RuleKeysTables() {}

    static String tables(JsonNode counts, JsonNode jmh) {
        StringBuilder md = new StringBuilder("\n### A blocked client's flood and body keys (issue 13)\n\n");
        if (counts != null) {
            md.append("| block cache | refused requests | EVALSHA sent | Redis commands per request |\n|---|---:|---:|---:|\n");
            for (JsonNode c : counts.get("counts")) {
                md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.4f |%n", c.get("blockCache").asBoolean() ? "on" : "off",
                        c.get("refused").asLong(), c.get("evalsha").asLong(), c.get("redisCommandsPerRequest").asDouble()));
            }
        }
        if (jmh != null) {
            md.append("\n| benchmark (JMH, 1 thread) | block cache | ops/s | bytes/op |\n|---|---|---:|---:|\n");
            for (JsonNode r : jmh) {
                String name = r.get("benchmark").asText().replaceFirst(".*\\.", "");
                String cache = r.path("params").path("blockCache").asText("?");
                double perMicro = r.get("primaryMetric").get("score").asDouble();
                JsonNode norm = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
                md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s |%n", name,
                        name.equals("blockedFlood") ? (cache.equals("true") ? "on" : "off") : "–", perMicro * 1e6,
                        norm.isMissingNode() ? "–" : String.format(Locale.ROOT, "%.0f", norm.asDouble())));
            }
        }
        return md.toString();
    }
}
