package dev.authstash.ratelimit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of every rule that applied to one request. {@link #decision()} is the one the response shows: the
 * tightest refusal (longest retry-after) when any rule refused, else the allowed decision with the fewest
 * requests left. When allowed, call {@link #completed(int)} with the application's status once it answered:
 * rules that count only some answers ({@code "count": "failures"}) reserved a slot for the request before the
 * handler, and {@code completed} settles it (a counted status becomes a count, any other answer releases the slot;
 * a verdict never completed holds its slots until their lease ends, {@link RateLimitStore#LEASE_SECONDS}).
 */
public final class RateLimitVerdict {
    static final RateLimitVerdict NONE = new RateLimitVerdict(null, List.of(), null);

    private final RateLimitDecision decision;
    private final List<Pending> pending;
    private final FailoverStore store;
    private final AtomicBoolean completed = new AtomicBoolean();

    /** A slot reserved for a rule that counts answers: counter key, reservation id, whether in the LOCAL fallback. */
    record Pending(String key, RateLimitRule rule, String id, boolean local) {}

    RateLimitVerdict(RateLimitDecision decision, List<Pending> pending, FailoverStore store) {
        this.decision = decision;
        this.pending = decision == null || !decision.allowed() ? List.of() : List.copyOf(pending);
        this.store = store;
    }

    /** The decision to show, empty when no rule applied. */
    public Optional<RateLimitDecision> decision() {
        return Optional.ofNullable(decision);
    }

    /** Whether the request may proceed. */
    public boolean allowed() {
        return decision == null || decision.allowed();
    }

    /** Whether {@link #completed(int)} has anything to count. */
    public boolean awaitsAnswer() {
        return !pending.isEmpty();
    }

    /**
     * Settles every slot reserved for this request with the answer {@code status}: one store call per rule counting
     * answers, which counts it when the rule counts {@code status} and else releases the slot. Only the first call
     * settles. Storage failures are swallowed (the answer is already given): an unreleased slot ends with its
     * lease, and under {@code onStorageError: local} a count goes to the in-process fallback.
     */
    public void completed(int status) {
        if (pending.isEmpty() || !completed.compareAndSet(false, true)) {
            return;
        }
        for (Pending p : pending) {
            try {
                store.settle(p.key(), p.rule(), p.id(), p.rule().countStatuses().contains(status), p.local());
            } catch (RuntimeException e) {
                // the answer is out; nothing to refuse any more
            }
        }
    }
}
