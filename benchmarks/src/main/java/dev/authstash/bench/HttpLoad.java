package dev.authstash.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: {@code users} threads share one Java {@link HttpClient} (HTTP/1.1, kept-alive
 * connections) and send GETs back to back until {@code requests} have been sent or {@code maxTime} has passed.
 * Each user sends {@code X-Forwarded-For} from its own rotation over {@code clients} addresses.
 */
final class HttpLoad {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** requests/s, p50/p99 latency in µs, requests sent and non-200 answers of one load. */
    record Outcome(double rps, double p50Micros, double p99Micros, int requests, long errors) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rps", rps);
            m.put("p50Micros", p50Micros);
            m.put("p99Micros", p99Micros);
            m.put("requests", requests);
            m.put("errors", errors);
            return m;
        }
    }

    Outcome run(URI uri, int users, int requests, int clients, Duration maxTime) throws InterruptedException {
        AtomicInteger tickets = new AtomicInteger(requests);
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[users][requests];
        int[] done = new int[users];
        long deadline = System.nanoTime() + maxTime.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[users];
        for (int u = 0; u < users; u++) {
            int user = u;
            threads[u] = new Thread(() -> {
                try {
                    start.await();
                    int n = 0;
                    while (tickets.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        int c = (user * 7919 + n * users) % clients;
                        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                                .header("X-Forwarded-For", "10." + (c >> 16 & 255) + "." + (c >> 8 & 255) + "." + (c & 255))
                                .GET().build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> r = client.send(req, HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            errors.incrementAndGet();
                        }
                        latencies[user][n++] = System.nanoTime() - t0;
                    }
                    done[user] = n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vu-" + u);
            threads[u].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int total = Arrays.stream(done).sum();
        long[] all = new long[total];
        int i = 0;
        for (int u = 0; u < users; u++) {
            System.arraycopy(latencies[u], 0, all, i, done[u]);
            i += done[u];
        }
        Arrays.sort(all);
        return new Outcome(total / seconds, percentile(all, 0.50) / 1e3, percentile(all, 0.99) / 1e3, total,
                errors.get());
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
