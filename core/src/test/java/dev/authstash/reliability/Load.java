package dev.authstash.reliability;

import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A concurrent load through {@link RequestGate}: each thread, as client {@code 203.0.113.(t % 4 + 1)} with session
 * token {@code t}, sends {@code POST /api/auth/sign-in} through the rate limit and looks up its session. An
 * exception escaping the gate counts as status 500 (what an adapter would answer).
 */
final class Load {
    static final int CLIENTS = 4;

    /** @param status the gate's answer (0 = proceed); sessionFound whether the session lookup returned it */
    record Outcome(String client, int status, boolean sessionFound) {}

    private Load() {}

    static String client(int thread) {
        return "203.0.113." + (thread % CLIENTS + 1);
    }

    /**
     * {@code threads} threads send requests until each has sent {@code perThread} and {@code more} says stop; the
     * thread completing request number {@code faultAfter} runs {@code fault} (the others go on meanwhile).
     */
    static List<Outcome> run(Fixture f, int threads, int perThread, int faultAfter, Runnable fault,
                             BooleanSupplier more) throws Exception {
        RequestGate gate = f.authstash.gate();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String client = client(t);
                String token = f.tokens.get(t);
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Outcome> out = new ArrayList<>();
                    for (int i = 0; i < perThread || more.getAsBoolean(); i++) {
                        out.add(one(gate, client, token));
                        if (done.incrementAndGet() == faultAfter) {
                            fault.run();
                        }
                    }
                    return out;
                }));
            }
            go.countDown();
            List<Outcome> all = new ArrayList<>();
            for (Future<List<Outcome>> fut : futures) {
                all.addAll(fut.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Outcome> run(Fixture f, int threads, int perThread, int faultAfter, Runnable fault) throws Exception {
        return run(f, threads, perThread, faultAfter, fault, () -> false);
    }

    static Outcome one(RequestGate gate, String client, String token) {
        int status;
        try {
            GateResult r = dev.authstash.web.GateProbe.rateLimit(gate, RequestInfo.of("POST", Fixture.SIGN_IN, client));
            status = r.status();
        } catch (RuntimeException e) {
            status = 500;
        }
        boolean found;
        try {
            found = gate.session(token).isPresent();
        } catch (SessionStorageUnavailableException e) {
            found = false;
        } catch (RuntimeException e) {
            found = false;
            status = 500;
        }
        return new Outcome(client, status, found);
    }

    /** Requests that proceeded, per client. */
    static Map<String, Long> allowedPerClient(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.status() == 0)
                .collect(Collectors.groupingBy(Outcome::client, Collectors.counting()));
    }

    static Map<Integer, Long> statuses(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
    }
}
