package dev.authstash.web;

/**
 * The gate's route-rule step as a {@link GateResult}, for tests and benchmarks outside this package (adapters call
 * {@link RequestGate#limits}, which runs the same step and the origin check).
 */
public final class GateProbe {
    private GateProbe() {}

    /** {@code gate}'s route rules for {@code request}, keys other than the client IP falling back to it. */
    public static GateResult rateLimit(RequestGate gate, RequestInfo request) {
        return gate.rateLimit(request);
    }

    /** {@code gate}'s route rules for {@code request}, rule keys read from {@code details}. */
    public static GateResult rateLimit(RequestGate gate, RequestInfo request, RequestDetails details) {
        return gate.rateLimit(request, details).result();
    }
}
