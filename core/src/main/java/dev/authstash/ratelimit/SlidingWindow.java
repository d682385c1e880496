package dev.authstash.ratelimit;

/**
 * Sliding window, weighted two-window approximation (integer arithmetic in ms). Windows are aligned to
 * multiples of the window length {@code W}; {@code elapsed} = ms since the current window began;
 * {@code prev}/{@code cur} = requests counted in the previous/current window. A request is allowed iff
 * {@code prev × (W − elapsed) + (cur + 1) × W ≤ max × W}, i.e. {@code estimate + 1 ≤ max} with
 * {@code estimate = prev × (1 − elapsed/W) + cur}. Remaining = {@code floor(max − estimate)} after counting;
 * reset = time until the estimate decays to 0 (end of the next window if {@code cur > 0}, else of this one,
 * so it can exceed W); retry-after = earliest time at which the condition holds again. Mirrored by
 * {@code sliding-window.lua}. Exact while {@code max × W} stays below 2^53.
 */
final class SlidingWindow {
    private SlidingWindow() {}

    /**
     * Counts one request at {@code nowMs} into {@code c} (the caller holds its monitor; {@code t} = window index,
     * epoch ms / W, {@code n} = its count, {@code prev} = the count of the window before) and decides. A refusal
     * leaves the state unchanged.
     */
    static RateLimitDecision step(Counter c, long nowMs, RateLimitRule rule) {
        long w = Decisions.windowMs(rule);
        long index = Math.floorDiv(nowMs, w);
        long prev = 0;
        long cur = 0;
        boolean held = c.holds(Algorithm.SLIDING_WINDOW);
        if (held && c.t >= index) { // same window (or the clock went back: stay in the stored one)
            index = c.t;
            prev = c.prev;
            cur = c.n;
        } else if (held && c.t == index - 1) {
            prev = c.n;
        }
        long elapsed = Math.max(0, nowMs - index * w);
        RateLimitDecision d = decide(prev, cur, elapsed, rule);
        if (d.allowed()) {
            c.algorithm = Algorithm.SLIDING_WINDOW;
            c.t = index;
            c.n = cur + 1;
            c.prev = prev;
            c.expiresAt = (index + 2) * w;
        }
        return d;
    }

    /** Decides for counts {@code prev} and {@code cur} (before this request) at {@code elapsed} ms into the window. */
    static RateLimitDecision decide(long prev, long cur, long elapsed, RateLimitRule rule) {
        long w = Decisions.windowMs(rule);
        long max = rule.max();
        long toEnd = w - elapsed;
        long budget = max * w - prev * toEnd;
        if ((cur + 1) * w <= budget) {
            long remaining = Math.floorDiv(budget - (cur + 1) * w, w);
            return Decisions.of(rule, true, remaining, w + toEnd, 0);
        }
        long reset = cur > 0 ? w + toEnd : prev > 0 ? toEnd : 0;
        return Decisions.of(rule, false, 0, reset, retryMs(prev, cur, toEnd, w, max));
    }

    private static long retryMs(long prev, long cur, long toEnd, long w, long max) {
        if (prev > 0 && cur + 1 <= max) {
            long d = Math.floorDiv(prev * toEnd - (max - cur - 1) * w + prev - 1, prev);
            if (d < toEnd) {
                return Math.max(1, d);
            }
        }
        long intoNext = cur == 0 ? 0 : Math.max(0, Math.floorDiv(w * (cur - max + 1) + cur - 1, cur));
        return toEnd + intoNext;
    }
}
