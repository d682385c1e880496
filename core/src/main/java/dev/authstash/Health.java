package dev.authstash;

import dev.authstash.client.ProxyDoctor;
import dev.authstash.storage.CircuitBreaker;
import java.util.List;
import java.util.Optional;

/**
 * The state of an {@link Authstash}: its secondary storage, from {@link Authstash#health()}, and what the proxy
 * doctor has found about client addresses.
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
 * @param clientAddress the proxy doctor's findings of the last ten minutes (forwarded headers from an untrusted peer,
 *                  a shared bucket, a trusted proxy's unusable chain, an unlisted header), each with the reason and
 *                  the configuration line to add; empty when client addresses look right
 */
public record Health(boolean up, String backend, CircuitBreaker.State circuit,
                     Optional<CircuitBreaker.Failure> lastError, String revocationChannel,
                     List<ProxyDoctor.Finding> clientAddress) {
    public Health {
        clientAddress = clientAddress == null ? List.of() : List.copyOf(clientAddress);
    }

    /** Without proxy-doctor findings. */
    public Health(boolean up, String backend, CircuitBreaker.State circuit,
                  Optional<CircuitBreaker.Failure> lastError, String revocationChannel) {
        this(up, backend, circuit, lastError, revocationChannel, List.of());
    }

    /** Without the cookie cache's revocation channel ({@code off}). */
    public Health(boolean up, String backend, CircuitBreaker.State circuit, Optional<CircuitBreaker.Failure> lastError) {
        this(up, backend, circuit, lastError, "off");
    }

    /** Storage up, but the proxy doctor has found that client addresses are probably wrong. */
    public boolean degraded() {
        return up && !clientAddress.isEmpty();
    }

    /** {@code down} (storage), {@code degraded} (client addresses, see {@link #clientAddress}) or {@code up}. */
    public String status() {
        return !up ? "down" : clientAddress.isEmpty() ? "up" : "degraded";
    }
}
