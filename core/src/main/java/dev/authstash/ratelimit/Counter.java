package dev.authstash.ratelimit;

/**
 * The mutable state of one key of {@link MemoryRateLimitStore}, changed in place by the algorithms (no state or
 * step objects per decision). Guarded by its own monitor: every read and write of the fields holds it.
 * Fields by algorithm: fixed window {@code t} = window start (epoch ms), {@code n} = count; sliding window
 * {@code t} = window index (epoch ms / window), {@code n} = current count, {@code prev} = previous count; token
 * bucket {@code t} = theoretical arrival time (epoch µs). Fixed-window rules counting only some answers also hold
 * their live reservations here (id → lease end, epoch ms).
 */
final class Counter {
    /** Slack (ms) between a read of the counter and the step that follows it. */
    private static final long MARGIN_MS = 1_000;
    /**
     * Upper bound (ms) of the state's useful life after a step: the window (fixed window, token bucket) or two
     * windows (sliding window), plus {@link #MARGIN_MS}. Fixed by the rule of the key's first count.
     */
    final long lifeMs;
    /** Null = no state yet (a fresh key, or one counted by another algorithm). */
    Algorithm algorithm;
    long t;
    long n;
    long prev;
    /** Epoch ms after which the state is of no further use. */
    long expiresAt;
    /** Reservations of a rule counting only some answers: id → lease end (epoch ms); null = none yet. */
    private java.util.HashMap<String, Long> reserved;
    /** Set once the store evicted this counter: a caller holding it must look the key up again. */
    private boolean retired;

    Counter(RateLimitRule rule) {
        long w = Math.min(Decisions.windowMs(rule), Long.MAX_VALUE / 4);
        this.lifeMs = (rule.algorithm() == Algorithm.SLIDING_WINDOW ? 2 * w : w) + MARGIN_MS;
    }

    /** Whether the state is that of {@code a} (else the algorithms treat it as empty). */
    boolean holds(Algorithm a) {
        return algorithm == a;
    }

    /** Under the monitor: drops reservations whose lease ended by {@code nowMs}; returns the live ones. */
    int liveReservations(long nowMs) {
        if (reserved == null) {
            return 0;
        }
        reserved.values().removeIf(end -> end <= nowMs);
        return reserved.size();
    }

    /** Under the monitor: holds reservation {@code id} until {@code endMs}. */
    void reserve(String id, long endMs) {
        if (reserved == null) {
            reserved = new java.util.HashMap<>(4);
        }
        reserved.put(id, endMs);
        expiresAt = Math.max(expiresAt, endMs);
    }

    /** Under the monitor: removes reservation {@code id}; whether it was still live at {@code nowMs}. */
    boolean release(String id, long nowMs) {
        Long end = reserved == null ? null : reserved.remove(id);
        return end != null && end > nowMs;
    }

    /** Under the monitor: a copy of the state, to run a decision on without changing this counter (peek). */
    Counter copy(RateLimitRule rule) {
        Counter c = new Counter(rule);
        c.algorithm = algorithm;
        c.t = t;
        c.n = n;
        c.prev = prev;
        c.expiresAt = expiresAt;
        c.reserved = reserved == null ? null : new java.util.HashMap<>(reserved);
        return c;
    }

    synchronized void retire() {
        retired = true;
    }

    /** Under the monitor: whether the store still holds this counter. */
    boolean live() {
        return !retired;
    }
}
