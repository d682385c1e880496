package dev.authstash.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code redis-benchmark} (package redis-tools) for one command line and reads its CSV line:
 * requests/s and the latency percentiles in ms.
 */
final class RedisBenchmarkTool {
    private RedisBenchmarkTool() {}

    /**
     * @param clients   parallel connections ({@code -c})
     * @param requests  total requests ({@code -n})
     * @param keyspace  {@code -r}: 0 = none, else {@code __rand_int__} in the command ranges over that many values
     */
    static Map<String, Object> run(int port, int clients, int requests, int keyspace, List<String> command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "-c", String.valueOf(clients), "-n", String.valueOf(requests), "--csv", "--precision", "3"));
        if (keyspace > 0) {
            cmd.addAll(List.of("-r", String.valueOf(keyspace)));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-benchmark did not finish in 180 s: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("redis-benchmark failed (" + p.exitValue() + "): " + out);
        }
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        for (String line : out.split("\\R")) {
            if (line.startsWith("\"") && !line.startsWith("\"test\"")) {
                String[] f = line.replace("\"", "").split(",");
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("clients", clients);
                m.put("keys", keyspace == 0 ? 1 : keyspace);
                m.put("requests", requests);
                m.put("rps", Double.parseDouble(f[1]));
                m.put("avgMs", Double.parseDouble(f[2]));
                m.put("p50Ms", Double.parseDouble(f[4]));
                m.put("p99Ms", Double.parseDouble(f[6]));
                return m;
            }
        }
        throw new IllegalStateException("no CSV result from redis-benchmark: " + out);
    }
}
