package dev.authstash;

import dev.authstash.storage.CircuitBreaker;
import java.util.Optional;

/**
 * The state of an {@link Authstash}'s secondary storage, from {@link Authstash#health()}.
 *
 * @param up        whether the probe (one read through the circuit breaker) succeeded just now
 * @param backend   {@code memory}, {@code redis}, {@code redis-cluster}, or the lower-cased class name of a
 *                  storage of your own without its {@code Storage} suffix (e.g. {@code function})
 * @param circuit   the circuit breaker's state after the probe
 * @param lastError the last storage failure seen since start (kept after recovery), if any
 * @param revocationChannel how other instances' revocations reach this instance's cookie cache: {@code up},
 *                  {@code down} (then a revoked session's cache cookie may answer here for up to
 *                  {@code session.cookieCache.maxAge}), {@code local} (memory or a plain storage: this process only)
 *                  or {@code off} (no cookie cache)
 */
public record Health(boolean up, String backend, CircuitBreaker.State circuit,
                     Optional<CircuitBreaker.Failure> lastError, String revocationChannel) {
    /** Without the cookie cache's revocation channel ({@code off}). */
    public Health(boolean up, String backend, CircuitBreaker.State circuit, Optional<CircuitBreaker.Failure> lastError) {
        this(up, backend, circuit, lastError, "off");
    }
}
