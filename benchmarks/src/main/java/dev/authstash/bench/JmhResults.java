package dev.authstash.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads JMH JSON files: per benchmark method, {@code keys} parameter and thread count, the throughput (ops/s,
 * from the Throughput mode) and the p50/p99 of one operation (µs, from the SampleTime mode).
 */
final class JmhResults {
    /**
     * ops/s (± JMH's 99.9% confidence half-width, ops/s), p50 µs, p99 µs, bytes allocated per operation (the GC
     * profiler's {@code gc.alloc.rate.norm}, from the throughput run); NaN where not measured.
     */
    record Figure(double opsPerSecond, double opsError, double p50Micros, double p99Micros, double bytesPerOp) {}

    private final Map<String, double[]> figures = new HashMap<>();

    void read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (JsonNode run : Results.JSON.readTree(file.toFile())) {
            String name = run.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            JsonNode params = run.get("params");
            String keys = params != null && params.has("keys") ? params.get("keys").asText() : "-";
            String id = key(name, keys, run.get("threads").asInt());
            double[] f = figures.computeIfAbsent(id, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            JsonNode m = run.get("primaryMetric");
            if (run.get("mode").asText().equals("thrpt")) {
                double unit = perSecond(m.get("scoreUnit").asText());
                f[0] = m.get("score").asDouble() * unit;
                f[1] = m.get("scoreError").asDouble() * unit;
                JsonNode norm = run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
                f[4] = norm.isMissingNode() ? Double.NaN : norm.asDouble();
            } else if (run.get("mode").asText().equals("sample")) {
                double toMicros = micros(m.get("scoreUnit").asText());
                f[2] = m.get("scorePercentiles").get("50.0").asDouble() * toMicros;
                f[3] = m.get("scorePercentiles").get("99.0").asDouble() * toMicros;
            }
        }
    }

    Figure get(String benchmark, String keys, int threads) {
        double[] f = figures.get(key(benchmark, keys, threads));
        return f == null ? new Figure(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new Figure(f[0], f[1], f[2], f[3], f[4]);
    }

    private static String key(String benchmark, String keys, int threads) {
        return benchmark + "|" + keys + "|" + threads;
    }

    private static double perSecond(String unit) {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> throw new IllegalArgumentException("unknown JMH unit " + unit);
        };
    }

    private static double micros(String unit) {
        return switch (unit) {
            case "s/op" -> 1e6;
            case "ms/op" -> 1e3;
            case "us/op" -> 1;
            case "ns/op" -> 1e-3;
            default -> throw new IllegalArgumentException("unknown JMH unit " + unit);
        };
    }
}
