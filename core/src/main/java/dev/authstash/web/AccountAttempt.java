package dev.authstash.web;

import dev.authstash.ratelimit.RateLimitVerdict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt at an account, counted where the application decided the identity ({@link RequestGate#attempt}):
 * the slot was reserved (or the attempt refused) in one storage call before the credential check. When
 * {@link #allowed()}, check the credentials, then call {@link #completed(int)} with the answer's status once, before
 * writing the response, and add the headers it returns (the device cookie after a success). An attempt never
 * completed holds its slot until its lease ends (60 s at most), as every reservation. When refused,
 * {@link #outcome()} is the usual 429 (or 503 when storage is down under {@code deny}, 400 for an identifier
 * that is empty in canonical form): answer it and do not check the credentials. Thread-safe.
 */
public final class AccountAttempt {
    private final GateOutcome outcome;
    private final RateLimitVerdict verdict;
    private final boolean trustedDevice;
    private final Issuer issuer;
    private final AtomicBoolean completed = new AtomicBoolean();

    /** Issues the device cookie after a success; null when the rule has no device cookies. */
    interface Issuer {
        String setCookie();
    }

    AccountAttempt(GateOutcome outcome, RateLimitVerdict verdict, boolean trustedDevice, Issuer issuer) {
        this.outcome = outcome;
        this.verdict = verdict;
        this.trustedDevice = trustedDevice;
        this.issuer = issuer;
    }

    /** Whether the credentials may be checked now. */
    public boolean allowed() {
        return outcome instanceof GateOutcome.Proceed;
    }

    /**
     * {@link GateOutcome.Proceed} (no headers: the account's remaining count is not shown to whoever names it) or the
     * {@link GateOutcome.Respond} to answer instead of checking the credentials.
     */
    public GateOutcome outcome() {
        return outcome;
    }

    /** The answer to give instead of checking the credentials, when refused. */
    public Optional<GateOutcome.Respond> refusal() {
        return outcome instanceof GateOutcome.Respond r ? Optional.of(r) : Optional.empty();
    }

    /** Whether the request presented a valid device cookie for this account (counted in the device's bucket). */
    public boolean trustedDevice() {
        return trustedDevice;
    }

    /**
     * Settles the attempt with the answer's {@code status} (at most one storage call: a counted status, 401 for
     * {@code "failures"}, becomes a count, any other answer frees the slot) and gives the headers to add to the
     * response: after a 2xx on a rule with device cookies, the {@code Set-Cookie} of a new device cookie for this
     * account. Only the first call does anything; a refused attempt has nothing to settle. Never throws for a
     * storage failure (the slot then ends with its lease).
     */
    public List<Header> completed(int status) {
        if (!allowed() || !completed.compareAndSet(false, true)) {
            return List.of();
        }
        if (verdict != null) {
            try {
                verdict.completed(status);
            } catch (RuntimeException e) {
                // the answer is out; the slot ends with its lease
            }
        }
        if (issuer != null && status >= 200 && status < 300) {
            return List.of(new Header(Header.SET_COOKIE, issuer.setCookie()));
        }
        return List.of();
    }
}
