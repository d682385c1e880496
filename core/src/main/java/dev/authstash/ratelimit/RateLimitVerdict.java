package dev.authstash.ratelimit;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of every rule that applied to one request. {@link #decision()} is the one the response shows: the
 * tightest refusal (longest retry-after) when any rule refused, else the allowed decision with the fewest
 * requests left. When allowed, call {@link #completed(int)} with the application's status once it answered:
 * rules that count only some answers ({@code "count": "failures"}) count it then.
 */
public final class RateLimitVerdict {
    static final RateLimitVerdict NONE = new RateLimitVerdict(null, List.of(), null);

    private final RateLimitDecision decision;
    private final List<Pending> pending;
    private final FailoverStore store;
    private final AtomicBoolean completed = new AtomicBoolean();

    /** A rule that counts answers, with its counter key. */
    record Pending(String key, RateLimitRule rule) {}

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
     * Counts the answer {@code status} for the rules counting it; only the first call counts. Storage failures
     * are handled by {@code onStorageError} (LOCAL counts in process; DENY's refusal is swallowed: the answer is
     * already given).
     */
    public void completed(int status) {
        if (pending.isEmpty() || !completed.compareAndSet(false, true)) {
            return;
        }
        for (Pending p : pending) {
            if (p.rule().countStatuses().contains(status)) {
                try {
                    store.consume(p.key(), p.rule());
                } catch (RateLimitUnavailableException e) {
                    // the answer is out; nothing to refuse any more
                }
            }
        }
    }
}
