package dev.authstash.ratelimit;

/**
 * Fixed window: the window opens at the client's first request and lasts {@code window} ms; at most
 * {@code max} requests are allowed in it. Reset = time until the window ends. Mirrored by
 * {@code fixed-window.lua}, where the key's PTTL is the window's remaining time. State in a {@link Counter}:
 * {@code t} = epoch ms of the window's first request, {@code n} = allowed requests in it. Rules counting only some
 * answers {@link #reserve} a slot before the handler and {@link #settle} it after; their window opens at the
 * first counted answer.
 */
final class FixedWindow {
    private FixedWindow() {}

    /** Counts one request at {@code nowMs} into {@code c} (the caller holds its monitor) and decides. */
    static RateLimitDecision step(Counter c, long nowMs, RateLimitRule rule) {
        long window = Decisions.windowMs(rule);
        if (!c.holds(Algorithm.FIXED_WINDOW) || nowMs >= c.t + window) {
            c.algorithm = Algorithm.FIXED_WINDOW;
            c.t = nowMs;
            c.n = 0;
        }
        long end = c.t + window;
        long left = end - nowMs;
        c.expiresAt = end;
        if (c.n < rule.max()) {
            c.n++;
            return Decisions.of(rule, true, rule.max() - c.n, left, 0);
        }
        return Decisions.of(rule, false, 0, left, left);
    }

    /**
     * Reserves a slot under {@code id} for {@code leaseMs} at {@code nowMs} in {@code c} (the caller holds its
     * monitor): allowed iff count + live reservations &lt; max. Mirrored by {@code fixed-window-reserve.lua}.
     */
    static RateLimitDecision reserve(Counter c, long nowMs, RateLimitRule rule, String id, long leaseMs) {
        long window = Decisions.windowMs(rule);
        boolean open = c.holds(Algorithm.FIXED_WINDOW) && nowMs < c.t + window;
        long count = open ? c.n : 0;
        long left = open ? c.t + window - nowMs : 0;
        if (count >= rule.max()) {
            return Decisions.of(rule, false, 0, left, left);
        }
        int live = c.liveReservations(nowMs);
        if (count + live < rule.max()) {
            c.reserve(id, nowMs + leaseMs);
            return Decisions.of(rule, true, rule.max() - count - live - 1, left, 0);
        }
        return Decisions.of(rule, false, 0, left, TRANSIENT_RETRY_MS);
    }

    /**
     * Settles reservation {@code id} at {@code nowMs} (the caller holds the monitor): releases it, and when
     * {@code counted} counts one answer, opening the window if none is open, as long as the reservation was live
     * or count + live reservations &lt; max. Mirrored by {@code fixed-window-settle.lua}.
     */
    static void settle(Counter c, long nowMs, RateLimitRule rule, String id, boolean counted) {
        boolean held = c.release(id, nowMs);
        if (!counted) {
            return;
        }
        long window = Decisions.windowMs(rule);
        boolean open = c.holds(Algorithm.FIXED_WINDOW) && nowMs < c.t + window;
        long count = open ? c.n : 0;
        if (held ? count >= rule.max() : count + c.liveReservations(nowMs) >= rule.max()) {
            return;
        }
        if (!open) {
            c.algorithm = Algorithm.FIXED_WINDOW;
            c.t = nowMs;
            c.n = 0;
        }
        c.n++;
        c.expiresAt = Math.max(c.expiresAt, c.t + window);
    }

    /**
     * Retry-after (ms) of a refusal by reservations alone: a slot frees as soon as a request in flight answers
     * with an uncounted status, so the client may retry soon (reported as 1 s).
     */
    static final long TRANSIENT_RETRY_MS = 1_000;
}
