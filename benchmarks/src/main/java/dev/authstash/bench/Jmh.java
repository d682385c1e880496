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
 * {@code -Dbench.only=a|b} keeps only the named benchmark methods).
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
        return new Runner(o.build()).run();
    }
}
