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
 */
public record Health(boolean up, String backend, CircuitBreaker.State circuit,
                     Optional<CircuitBreaker.Failure> lastError) {
}
