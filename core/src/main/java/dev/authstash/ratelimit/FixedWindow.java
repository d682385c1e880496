package dev.authstash.ratelimit;

/**
 * Fixed window: the window opens at the client's first request and lasts {@code window} ms; at most
 * {@code max} requests are allowed in it. Reset = time until the window ends. Mirrored by
 * {@code fixed-window.lua}, where the key's PTTL is the window's remaining time.
 */
final class FixedWindow {
    private FixedWindow() {}

    /** @param startMs epoch ms of the window's first request; {@code count} = allowed requests in it */
    record State(long startMs, long count) {}

    static Step<State> step(State s, long nowMs, RateLimitRule rule) {
        long window = Decisions.windowMs(rule);
        if (s == null || nowMs >= s.startMs() + window) {
            s = new State(nowMs, 0);
        }
        long end = s.startMs() + window;
        long left = end - nowMs;
        if (s.count() < rule.max()) {
            State next = new State(s.startMs(), s.count() + 1);
            return new Step<>(next, end, Decisions.of(rule, true, rule.max() - next.count(), left, 0));
        }
        return new Step<>(null, end, Decisions.of(rule, false, 0, left, left));
    }

    /** Decides without counting: allowed while the window's count is below max. */
    static RateLimitDecision peek(State s, long nowMs, RateLimitRule rule) {
        long window = Decisions.windowMs(rule);
        if (s == null || nowMs >= s.startMs() + window) {
            return Decisions.of(rule, true, rule.max(), 0, 0);
        }
        long left = s.startMs() + window - nowMs;
        return s.count() < rule.max() ? Decisions.of(rule, true, rule.max() - s.count(), left, 0)
                : Decisions.of(rule, false, 0, left, left);
    }
}
