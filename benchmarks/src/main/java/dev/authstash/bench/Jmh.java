package dev.authstash.bench;

import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH settings of every run, sized for a small shared machine: 1 fork, 2 × 2 s warm-up, 3 × 3 s
 * measurement (with {@code -Dbench.quick=true}: 1 × 1 s each, for trying the harness out;
 * {@code -Dbench.only=a|b} keeps only the named benchmark methods). JMH's GC profiler ({@code -prof gc}) runs
 * with every benchmark ({@code -Dbench.gc=false} turns it off): its {@code gc.alloc.rate.norm} secondary metric
 * in the JSON is the bytes allocated per operation, i.e. per request for the gate benchmarks.
 */
final class Jmh {
    private Jmh() {}

    static boolean quick() {
        return Boolean.getBoolean("bench.quick");
    }

    /** Runs the benchmarks of {@code type} on {@code threads} threads, writing JMH JSON to {@code out}. */
    static Collection<RunResult> run(Class<?> type, int threads, Path out, String... jvmProperties)
            throws RunnerException {
        int warmups = quick() ? 1 : 2;
        int measurements = quick() ? 1 : 3;
        String only = System.getProperty("bench.only", "").trim();
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("\\." + type.getSimpleName() + "\\." + (only.isEmpty() ? "" : "(" + only + ")$"))
                .forks(1)
                .threads(threads)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(quick() ? 1 : 2))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(quick() ? 1 : 3))
                .jvmArgsAppend(jvmProperties)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(out.toString());
        if (Boolean.parseBoolean(System.getProperty("bench.gc", "true"))) {
            o.addProfiler(org.openjdk.jmh.profile.GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        stripRawData(out);
        return results;
    }

    /** Drops the per-sample histograms from JMH's JSON (megabytes in SampleTime mode); the summary stays. */
    static void stripRawData(Path file) {
        try {
            com.fasterxml.jackson.databind.JsonNode runs = Results.JSON.readTree(file.toFile());
            for (com.fasterxml.jackson.databind.JsonNode run : runs) {
                strip(run.get("primaryMetric"));
                run.path("secondaryMetrics").forEach(Jmh::strip);
            }
            Results.JSON.writeValue(file.toFile(), runs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void strip(com.fasterxml.jackson.databind.JsonNode metric) {
        if (metric instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("rawData");
            o.remove("rawDataHistogram");
        }
    }
}
