package dev.authstash.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (a C load generator, outside the JVM under test; {@code apt-get install wrk}) with
 * {@code -t2 -c32 --latency} and parses what it prints: requests/s, completed requests, answers that were not
 * 2xx/3xx, and the 50th/99th latency percentiles in µs.
 */
final class Wrk {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    private Wrk() {}

    /** One wrk run's figures. */
    record Result(double rps, long requests, long non2xx, double p50Micros, double p99Micros, String socketErrors) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rps", rps);
            m.put("requests", requests);
            m.put("non2xx", non2xx);
            m.put("p50us", p50Micros);
            m.put("p99us", p99Micros);
            if (socketErrors != null) {
                m.put("socketErrors", socketErrors);
            }
            return m;
        }
    }

    /**
     * Once the machine is quiet ({@link Machine#awaitQuiet()}), calls {@code run} and returns (and prints) the
     * {@code labels} (name, value, name, value…), its figures, the load average before and after, and
     * {@code discarded}: whether it started above a 1-minute load of {@value Machine#DISCARD_ABOVE}.
     */
    static Map<String, Object> quietRun(Callable<Result> run, Object... labels) throws Exception {
        String before = Machine.awaitQuiet();
        Result r = run.call();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put((String) labels[i], labels[i + 1]);
        }
        m.putAll(r.toMap());
        m.put("loadBefore", before);
        m.put("loadAfter", Machine.loadAverage());
        m.put("discarded", Machine.load1(before) > Machine.DISCARD_ABOVE);
        System.out.println(m);
        return m;
    }

    /** Loads {@code url} for {@code duration} (wrk syntax, e.g. {@code 5s}); {@code cookie}, {@code script} optional. */
    static Result run(String duration, String url, String cookie, Path script) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c32", "-d" + duration, "--latency"));
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
        Matcher socket = SOCKET_ERRORS.matcher(out);
        return new Result(Double.parseDouble(group(RPS, out)), Long.parseLong(group(TOTAL, out)),
                NON_2XX.matcher(out).find() ? Long.parseLong(group(NON_2XX, out)) : 0,
                percentile(out, "50%"), percentile(out, "99%"), socket.find() ? socket.group(1).trim() : null);
    }

    private static String group(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output (no " + p + "): " + out);
        }
        return m.group(1);
    }

    /** A line of wrk's latency distribution, e.g. {@code 50%  312.00us}, in µs. */
    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + label + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + label + " latency in wrk output: " + out);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v;
            case "ms" -> v * 1_000;
            default -> v * 1_000_000;
        };
    }
}
