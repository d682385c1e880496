package dev.authstash.ratelimit;

import dev.authstash.testkit.Race;
import java.util.List;
import java.util.function.IntFunction;

/** Runs {@code n} calls on {@code n} threads released together by a latch; returns the decisions. */
final class Concurrent {
    private Concurrent() {}

    static List<RateLimitDecision> run(int n, IntFunction<RateLimitDecision> call) throws Exception {
        return Race.run(n, call::apply);
    }

    static long allowed(List<RateLimitDecision> decisions) {
        return decisions.stream().filter(RateLimitDecision::allowed).count();
    }
}
