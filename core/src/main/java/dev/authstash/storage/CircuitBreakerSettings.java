package dev.authstash.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link CircuitBreaker} stops calling the secondary storage. JSON: {@code secondaryStorage.circuitBreaker}.
 *
 * @param failureThreshold consecutive failures that open the circuit, default 3; failures of calls that overlapped
 *                         in time count once (see {@link CircuitBreaker})
 * @param openDuration     how long calls fail fast before one probe call is let through, default 1 s
 */
public record CircuitBreakerSettings(int failureThreshold, Duration openDuration) {
    public CircuitBreakerSettings {
        Objects.requireNonNull(openDuration, "openDuration");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, got " + failureThreshold);
        }
        if (openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive, got " + openDuration);
        }
    }

    public static CircuitBreakerSettings defaults() {
        return new CircuitBreakerSettings(3, Duration.ofSeconds(1));
    }
}
