package dev.authstash.storage;

import java.time.Clock;
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

    private final CircuitBreakerSettings settings;
    private final Clock clock;
    private final LongAdder attempts = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile State state = State.CLOSED; // written under the lock; read without it on the hot path
    private volatile int failures;
    private volatile long failureEpoch; // counted failures since creation; a call remembers it when it starts
    private long openUntilMillis;

    /** @param clock time source of the open period */
    public CircuitBreaker(CircuitBreakerSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code step} (which talks to the storage) unless the circuit is open.
     *
     * @throws StorageException from {@code step}, or without running it while the circuit is open
     */
    public <T> T call(Supplier<T> step) {
        boolean probe = admit();
        attempts.increment();
        long epoch = failureEpoch;
        boolean done = false;
        try {
            T out = step.get();
            done = true;
            succeeded(probe);
            return out;
        } catch (StorageBusyException e) {
            throw e; // back-pressure: says nothing about the storage (a probe is released below)
        } catch (StorageException e) {
            done = true;
            failed(probe, e, epoch);
            throw e;
        } finally {
            if (probe && !done) {
                release();
            }
        }
    }

    /** {@code storage} with every call through this breaker; closing it closes {@code storage}. */
    public SecondaryStorage guard(SecondaryStorage storage) {
        return new GuardedStorage(storage, this);
    }

    public State state() {
        return state;
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
