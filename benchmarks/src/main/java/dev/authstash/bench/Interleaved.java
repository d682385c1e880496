package dev.authstash.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ratios that survive a shared machine: the contenders run in turn, round after round, each for about
 * {@value #SLICE_MS} ms, so that load from other processes hits all of them alike; the first round is warm-up.
 * Reported per contender: the median rate; per pair: the median of the per-round ratios and its range.
 */
final class Interleaved {
    static final long SLICE_MS = 1500;

    /** One contender: measures its rate (ops/s) when given a time slice and a thread count. */
    interface Contender {
        double measure(int threads, long sliceMillis) throws Exception;
    }

    private Interleaved() {}

    /** A Java operation run back to back on {@code threads} threads for the slice. */
    static Contender java(Runnable op) {
        return (threads, slice) -> {
            LongAdder ops = new LongAdder();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            long[] deadline = new long[1];
            RuntimeException[] failure = new RuntimeException[1];
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        long n = 0;
                        while (System.nanoTime() < deadline[0]) {
                            op.run();
                            n++;
                        }
                        ops.add(n);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure[0] = e;
                    }
                });
                t.start();
                ts.add(t);
            }
            long t0 = System.nanoTime();
            deadline[0] = t0 + slice * 1_000_000L;
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            if (failure[0] != null) {
                throw failure[0];
            }
            return ops.sum() / ((System.nanoTime() - t0) / 1e9);
        };
    }

    /** Runs {@code rounds} measured rounds (+1 warm-up) over the contenders in order; returns rates per round. */
    static Map<String, Object> run(Map<String, Contender> contenders, int threads, int rounds) throws Exception {
        Map<String, double[]> rates = new LinkedHashMap<>();
        contenders.keySet().forEach(k -> rates.put(k, new double[rounds]));
        for (int r = -1; r < rounds; r++) {
            for (Map.Entry<String, Contender> c : contenders.entrySet()) {
                double rate = c.getValue().measure(threads, r < 0 ? SLICE_MS / 2 : SLICE_MS);
                if (r >= 0) {
                    rates.get(c.getKey())[r] = rate;
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threads", threads);
        out.put("rounds", rounds);
        Map<String, Object> medians = new LinkedHashMap<>();
        rates.forEach((k, v) -> medians.put(k, median(v)));
        out.put("medianOpsPerSecond", medians);
        out.put("opsPerSecondPerRound", rates);
        return out;
    }

    /** Median and range of the per-round ratios a/b. */
    static Map<String, Object> ratio(Map<String, Object> run, String a, String b) {
        @SuppressWarnings("unchecked")
        Map<String, double[]> rates = (Map<String, double[]>) run.get("opsPerSecondPerRound");
        double[] x = rates.get(a);
        double[] y = rates.get(b);
        double[] q = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            q[i] = x[i] / y[i];
        }
        Arrays.sort(q);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", median(q));
        m.put("min", q[0]);
        m.put("max", q[q.length - 1]);
        return m;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
