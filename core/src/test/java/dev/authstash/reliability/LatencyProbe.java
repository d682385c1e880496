package dev.authstash.reliability;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.RedisProcess;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: the measurement behind the storage defaults in docs/reliability.md. Times one rate-limit decision
 * (one EVALSHA through the pool) on a real redis-server under bursts of concurrent threads, with timeouts too long
 * to fire, optionally while busy threads load every CPU. Run with the core test class path:
 * {@code java -cp … dev.authstash.reliability.LatencyProbe [rounds]}. Prints percentiles in ms.
 */
public final class LatencyProbe {
    private LatencyProbe() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf("cpus %d, redis %s%n", Runtime.getRuntime().availableProcessors(),
                dev.authstash.testkit.RedisBinary.path());
        try (RedisProcess redis = RedisProcess.launch()) {
            for (boolean load : new boolean[] {false, true}) {
                run(redis, 8, 16, 200, rounds, load);
                run(redis, 200, 200, 20, rounds, load);
                run(redis, 200, 16, 20, rounds, load);
            }
        }
    }

    /** {@code threads} released together, each making {@code perThread} decisions, {@code rounds} times. */
    private static void run(RedisProcess redis, int threads, int pool, int perThread, int rounds, boolean load)
            throws Exception {
        StorageSettings d = StorageSettings.defaults();
        Duration patient = Duration.ofSeconds(30);
        try (RedisStorage storage = RedisStorage.create(new StorageSettings(redis.url(), List.of(), d.keyPrefix(),
                pool, patient, patient, d.memoryMaxEntries()))) {
            RedisRateLimitStore store = new RedisRateLimitStore(storage);
            RateLimitRule rule = new RateLimitRule("probe", 3600, 1_000_000_000L, Algorithm.FIXED_WINDOW);
            AtomicBoolean loading = new AtomicBoolean(load);
            List<Thread> burners = new ArrayList<>();
            for (int i = 0; load && i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
                Thread t = new Thread(() -> burn(loading));
                t.setDaemon(true);
                t.start();
                burners.add(t);
            }
            long[] all = new long[threads * perThread * rounds];
            int n = 0;
            double loadAvg = 0;
            try {
                for (int r = 0; r < rounds; r++) {
                    long[] round = round(store, rule, threads, perThread);
                    System.arraycopy(round, 0, all, n, round.length);
                    n += round.length;
                    loadAvg = Math.max(loadAvg, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
                }
            } finally {
                loading.set(false);
                for (Thread t : burners) {
                    t.join();
                }
            }
            Arrays.sort(all);
            System.out.printf("threads %3d pool %3d cpu-load %-5s decisions %6d | ms p50 %6.1f p99 %6.1f p99.9 %6.1f"
                    + " max %6.1f | > 50 ms %5d, > 250 ms %4d, > 500 ms %3d | load avg %.1f%n", threads, pool, load,
                    all.length, ms(all, 0.5), ms(all, 0.99), ms(all, 0.999), all[all.length - 1] / 1e6,
                    over(all, 50), over(all, 250), over(all, 500), loadAvg);
        }
    }

    private static long[] round(RedisRateLimitStore store, RateLimitRule rule, int threads, int perThread)
            throws Exception {
        long[] nanos = new long[threads * perThread];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    long start = System.nanoTime();
                    store.consume("probe:" + id, rule);
                    nanos[id * perThread + i] = System.nanoTime() - start;
                }
            });
            w.start();
            workers.add(w);
        }
        ready.await();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        return nanos;
    }

    private static long over(long[] nanos, long millis) {
        return Arrays.stream(nanos).filter(n -> n > millis * 1_000_000).count();
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    private static void burn(AtomicBoolean loading) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] data = new byte[4096];
            while (loading.get()) {
                sha.update(data);
                data[0] = sha.digest()[0];
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
