package dev.authstash.spring;

import dev.authstash.Authstash;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health contributor {@code authstash} on Spring Boot 4 ({@code spring-boot-health}): UP when one read
 * through the circuit breaker succeeds, else DOWN; details {@code backend}, {@code circuit}, and
 * {@code lastError}/{@code lastErrorAt} once a storage call has failed. Spring Boot 3's Actuator gets the same
 * report through {@link AuthstashBoot3HealthAutoConfiguration}.
 */
public class AuthstashHealthIndicator implements HealthIndicator {
    private final Authstash authstash;

    public AuthstashHealthIndicator(Authstash authstash) {
        this.authstash = authstash;
    }

    @Override
    public Health health() {
        HealthReport report = HealthReport.of(authstash.health());
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
