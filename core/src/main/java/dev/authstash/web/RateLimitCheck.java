package dev.authstash.web;

import dev.authstash.ratelimit.RateLimitVerdict;

/**
 * The gate's rate-limit answer for one request: what to do now ({@link #result()}) and, for an allowed request,
 * the hook to call with the application's status once it answered ({@link #completed(int)}), which rules with
 * {@code "count": "failures"} (or a status list) need.
 */
public final class RateLimitCheck {
    static final RateLimitCheck PROCEED = new RateLimitCheck(GateResult.PROCEED, null);

    private final GateResult result;
    private final RateLimitVerdict verdict;

    RateLimitCheck(GateResult result, RateLimitVerdict verdict) {
        this.result = result;
        this.verdict = verdict;
    }

    RateLimitVerdict verdict() {
        return verdict;
    }

    public GateResult result() {
        return result;
    }

    /** Whether {@link #completed(int)} has anything to count (adapters may skip it otherwise). */
    public boolean awaitsAnswer() {
        return verdict != null && verdict.awaitsAnswer();
    }

    /** Counts the application's answer for rules that count answers; only the first call counts. */
    public void completed(int status) {
        if (verdict != null) {
            verdict.completed(status);
        }
    }
}
