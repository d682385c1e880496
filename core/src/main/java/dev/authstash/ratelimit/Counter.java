package dev.authstash.ratelimit;

/**
 * The mutable state of one key of {@link MemoryRateLimitStore}, changed in place by the algorithms (no state or
 * step objects per decision). Guarded by its own monitor: every read and write of the fields holds it.
 * Fields by algorithm: fixed window {@code t} = window start (epoch ms), {@code n} = count; sliding window
 * {@code t} = window index (epoch ms / window), {@code n} = current count, {@code prev} = previous count; token
 * bucket {@code t} = theoretical arrival time (epoch µs).
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

    synchronized void retire() {
        retired = true;
    }

    /** Under the monitor: whether the store still holds this counter. */
    boolean live() {
        return !retired;
    }
}
