package dev.authstash.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a run happened on: cores, CPU model, JDK and load average, for the results files. */
final class Machine {
    private Machine() {}

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    /** The first three fields of /proc/loadavg (1, 5 and 15 minute load), or "?" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** A timed run that starts above this 1-minute load average is discarded (kept in the file, marked so). */
    static final double DISCARD_ABOVE = 1.0;

    /**
     * Waits until the 1-minute load average is at most {@code -Dbench.quietLoad} (default 1.0), polling every
     * second for at most {@code -Dbench.quietWaitSeconds} (default 120). The benchmark's own previous round
     * raises the load average too; waiting lets it decay, so that a round starting above the threshold means
     * something else is running. Returns the load average read last (the round's "before").
     */
    static String awaitQuiet() throws InterruptedException {
        double limit = Double.parseDouble(System.getProperty("bench.quietLoad", "1.0"));
        long deadline = System.nanoTime() + Long.getLong("bench.quietWaitSeconds", 120) * 1_000_000_000L;
        String load = loadAverage();
        while (load1(load) > limit && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            load = loadAverage();
        }
        return load;
    }

    /** The 1-minute figure of a {@link #loadAverage()} string; infinity when unknown. */
    static double load1(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
