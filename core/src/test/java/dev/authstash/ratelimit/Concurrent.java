package dev.authstash.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs {@code n} calls on {@code n} threads released together by a latch; returns the decisions. */
final class Concurrent {
    private Concurrent() {}

    static List<RateLimitDecision> run(int n, IntFunction<RateLimitDecision> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RateLimitDecision>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(id);
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<RateLimitDecision> out = new ArrayList<>();
            for (Future<RateLimitDecision> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static long allowed(List<RateLimitDecision> decisions) {
        return decisions.stream().filter(RateLimitDecision::allowed).count();
    }
}
