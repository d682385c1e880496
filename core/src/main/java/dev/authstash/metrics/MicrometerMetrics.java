package dev.authstash.metrics;

import dev.authstash.storage.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records authstash's events in a Micrometer {@link MeterRegistry}; every meter and tag is listed in
 * {@code docs/metrics.md}. Micrometer is an optional dependency of core: only this class needs it.
 * Tag values are lower case; rule ids come from the configuration or annotations, never from clients.
 *
 * <pre>{@code Authstash.builder(config).metrics(new MicrometerMetrics(registry)).build()}</pre>
 */
public final class MicrometerMetrics implements MetricsListener {
    static final String DECISIONS = "authstash.ratelimit.decisions";
    static final String STORAGE_CALLS = "authstash.storage.calls";
    static final String CIRCUIT_STATE = "authstash.circuit.state";
    static final String SESSION_LOOKUPS = "authstash.session.lookups";
    static final String ONE_TIME = "authstash.onetime";
    static final String IP_DIAGNOSIS = "authstash.ip.diagnosis";

    private final MeterRegistry registry;
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();
    private final Map<SessionSource, Counter> lookups = new ConcurrentHashMap<>();
    private final Map<OneTimeOutcome, Counter> oneTime = new ConcurrentHashMap<>();
    private final Map<String, Counter> diagnoses = new ConcurrentHashMap<>();

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void rateLimit(String ruleId, Decision decision) {
        decisions.computeIfAbsent(ruleId + '\n' + decision, k -> Counter.builder(DECISIONS)
                .description("Rate-limit checks by rule and outcome")
                .tag("rule", ruleId).tag("outcome", tag(decision)).register(registry)).increment();
    }

    @Override
    public void storageCall(String operation, CallOutcome outcome, long nanos) {
        calls.computeIfAbsent(operation + '\n' + outcome, k -> Timer.builder(STORAGE_CALLS)
                .description("Calls to the secondary storage through the circuit breaker")
                .tag("operation", operation).tag("outcome", tag(outcome)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void sessionLookup(SessionSource source) {
        lookups.computeIfAbsent(source, s -> Counter.builder(SESSION_LOOKUPS)
                .description("Session lookups by where they were answered")
                .tag("source", tag(s)).register(registry)).increment();
    }

    @Override
    public void oneTime(OneTimeOutcome outcome) {
        oneTime.computeIfAbsent(outcome, o -> {
            String[] parts = tag(o).split("_", 2);
            return Counter.builder(ONE_TIME).description("One-time token and OTP operations by outcome")
                    .tag("type", parts[0]).tag("outcome", parts[1]).register(registry);
        }).increment();
    }

    @Override
    public void ipDiagnosis(String cause) {
        diagnoses.computeIfAbsent(cause, c -> Counter.builder(IP_DIAGNOSIS)
                .description("Examined requests whose client address is probably wrong, by cause (proxy doctor)")
                .tag("cause", c).register(registry)).increment();
    }

    /** One gauge per state, tagged {@code state}: 1 for the current state, 0 for the others. */
    @Override
    public void circuitBreaker(CircuitBreaker breaker) {
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder(CIRCUIT_STATE, breaker, b -> b.state() == state ? 1 : 0)
                    .description("Circuit breaker of the secondary storage: 1 for the current state")
                    .tag("state", tag(state)).register(registry);
        }
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
