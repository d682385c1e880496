package dev.authstash.storage;

import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.CallOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a failing secondary storage. Closed: every call goes through; {@code failureThreshold}
 * consecutive failures ({@link StorageException}s) open the circuit. Failures of calls that overlapped count once:
 * a failure counts only if its call started after the last counted one ended, so one slow moment (a GC pause, a
 * CPU-starved server) that fails every call in flight is one failure, not a burst of them. A
 * {@link StorageBusyException} (no pooled connection free: back-pressure) is not a failure and never opens the
 * circuit. Any success resets the count. Open: calls fail fast with a
 * {@link StorageException} without touching the storage, so callers apply their fallback at once. After
 * {@code openDuration} the next call is the one probe (half-open; others still fail fast): success closes the
 * circuit, failure opens it for another period. Opening is logged once at WARN, closing once at INFO.
 * One breaker is shared by everything one {@code Authstash} sends to its storage. Thread-safe.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** Where the breaker stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** The last storage failure seen by a breaker: its {@code toString()} and when (the breaker's clock). */
    public record Failure(String error, Instant at) {}

    private final CircuitBreakerSettings settings;
    private final Clock clock;
    private final MetricsListener metrics;
    private volatile Failure lastFailure;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile State state = State.CLOSED; // written under the lock; read without it on the hot path
    private volatile int failures;
    private volatile long failureEpoch; // counted failures since creation; a call remembers it when it starts
    private long openUntilMillis;

    /** @param clock time source of the open period */
    public CircuitBreaker(CircuitBreakerSettings settings, Clock clock) {
        this(settings, clock, MetricsListener.NONE);
    }

    /** @param metrics told of every call: operation, outcome, duration */
    public CircuitBreaker(CircuitBreakerSettings settings, Clock clock, MetricsListener metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** As {@link #call(String, Supplier)} for operation {@code "other"}. */
    public <T> T call(Supplier<T> step) {
        return call("other", step);
    }

    /**
     * Runs {@code step} (which talks to the storage) unless the circuit is open.
     *
     * @param operation the metrics name of the call, from a fixed set (e.g. {@code get}, {@code rate_limit})
     * @throws StorageException from {@code step}, or without running it while the circuit is open
     */
    public <T> T call(String operation, Supplier<T> step) {
        boolean probe;
        try {
            probe = admit();
        } catch (OpenCircuitException e) {
            metrics.storageCall(operation, CallOutcome.REJECTED, 0);
            throw e;
        }
        attempts.increment();
        long epoch = failureEpoch;
        boolean done = false;
        long start = System.nanoTime();
        try {
            T out = step.get();
            done = true;
            metrics.storageCall(operation, CallOutcome.SUCCESS, System.nanoTime() - start);
            succeeded(probe);
            return out;
        } catch (StorageBusyException e) {
            // back-pressure: says nothing about the storage (a probe is released below)
            metrics.storageCall(operation, CallOutcome.BUSY, System.nanoTime() - start);
            throw e;
        } catch (StorageException e) {
            done = true;
            metrics.storageCall(operation, CallOutcome.ERROR, System.nanoTime() - start);
            failed(probe, e, epoch);
            throw e;
        } finally {
            if (probe && !done) {
                release();
            }
        }
    }

    /**
     * {@code storage} with every call through this breaker; closing it closes {@code storage}. A
     * {@link ScriptStorage} stays one (its scripts through the breaker as operation {@code one_time}).
     */
    public SecondaryStorage guard(SecondaryStorage storage) {
        return storage instanceof ScriptStorage scripts ? new GuardedScriptStorage(scripts, this)
                : new GuardedStorage(storage, this);
    }

    public State state() {
        return state;
    }

    /** The last storage failure any call through this breaker met, if any (kept after recovery). */
    public java.util.Optional<Failure> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    /** Calls let through to the storage since creation (including probes). */
    public long attempts() {
        return attempts.sum();
    }

    /** Calls failed fast without touching the storage since creation. */
    public long rejected() {
        return rejected.sum();
    }

    /** @return whether this call is the probe; throws when the call must fail fast */
    private boolean admit() {
        return state != State.CLOSED && admitSlow();
    }

    private synchronized boolean admitSlow() {
        if (state == State.CLOSED) {
            return false;
        }
        long now = clock.millis();
        if (state == State.OPEN && now >= openUntilMillis) {
            state = State.HALF_OPEN;
            return true;
        }
        rejected.increment();
        throw new OpenCircuitException("secondary storage circuit is open after repeated failures; next probe in "
                + Math.max(0, openUntilMillis - now) + " ms");
    }

    private void succeeded(boolean probe) {
        if (probe || failures != 0) {
            closeOrReset(probe);
        }
    }

    private synchronized void closeOrReset(boolean probe) {
        if (probe) {
            state = State.CLOSED;
            LOG.info("secondary storage answers again; circuit closed");
        }
        if (state == State.CLOSED) {
            failures = 0;
        }
    }

    /** @param epoch {@link #failureEpoch} when the call started: a failure counted since then overlapped it */
    private synchronized void failed(boolean probe, StorageException e, long epoch) {
        lastFailure = new Failure(e.toString(), clock.instant());
        if (probe) {
            open();
            LOG.debug("secondary storage probe failed: {}", e.toString());
            return;
        }
        if (state != State.CLOSED || epoch != failureEpoch) {
            return; // started before the circuit opened, or overlapped a failure already counted
        }
        failureEpoch = epoch + 1;
        failures = failures + 1;
        if (failures >= settings.failureThreshold()) {
            open();
            LOG.warn("secondary storage circuit opened after {} consecutive failures: {}; calls fail fast for {} ms"
                    + " between probes", settings.failureThreshold(), e.toString(), settings.openDuration().toMillis());
        }
    }

    /** The probe ended with an exception that says nothing about the storage: let the next call probe. */
    private synchronized void release() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
            openUntilMillis = clock.millis();
        }
    }

    private void open() {
        state = State.OPEN;
        failures = 0;
        openUntilMillis = clock.millis() + settings.openDuration().toMillis();
    }
}
