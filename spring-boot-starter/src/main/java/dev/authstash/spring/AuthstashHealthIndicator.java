package dev.authstash.spring;

import dev.authstash.Authstash;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health contributor {@code authstash}: UP when one read through the circuit breaker succeeds, else
 * DOWN; details {@code backend}, {@code circuit}, and {@code lastError}/{@code lastErrorAt} once a storage call
 * has failed.
 */
public class AuthstashHealthIndicator implements HealthIndicator {
    private final Authstash authstash;

    public AuthstashHealthIndicator(Authstash authstash) {
        this.authstash = authstash;
    }

    @Override
    public Health health() {
        dev.authstash.Health h = authstash.health();
        Health.Builder b = h.up() ? Health.up() : Health.down();
        b.withDetail("backend", h.backend()).withDetail("circuit", h.circuit().name())
                .withDetail("revocationChannel", h.revocationChannel());
        h.lastError().ifPresent(f -> b.withDetail("lastError", f.error()).withDetail("lastErrorAt", f.at().toString()));
        return b.build();
    }
}
