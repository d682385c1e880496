package dev.authstash.ratelimit;

/**
 * Fixed window: the window opens at the client's first request and lasts {@code window} ms; at most
 * {@code max} requests are allowed in it. Reset = time until the window ends. Mirrored by
 * {@code fixed-window.lua}, where the key's PTTL is the window's remaining time. State in a {@link Counter}:
 * {@code t} = epoch ms of the window's first request, {@code n} = allowed requests in it.
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

    /** Decides without counting: allowed while the window's count is below max; {@code c} null = no state. */
    static RateLimitDecision peek(Counter c, long nowMs, RateLimitRule rule) {
        long window = Decisions.windowMs(rule);
        if (c == null || !c.holds(Algorithm.FIXED_WINDOW) || nowMs >= c.t + window) {
            return Decisions.of(rule, true, rule.max(), 0, 0);
        }
        long left = c.t + window - nowMs;
        return c.n < rule.max() ? Decisions.of(rule, true, rule.max() - c.n, left, 0)
                : Decisions.of(rule, false, 0, left, left);
    }
}
