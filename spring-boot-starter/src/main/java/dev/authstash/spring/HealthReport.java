package dev.authstash.spring;

import dev.authstash.Health;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code authstash} health contributor reports, independent of the Actuator API it is reported through
 * (Spring Boot 4's {@code spring-boot-health} or Boot 3's {@code spring-boot-actuator}): status {@code UP} when one
 * read through the circuit breaker succeeds, else {@code DOWN}; details {@code backend}, {@code circuit},
 * {@code revocationChannel}, and
 * {@code lastError}/{@code lastErrorAt} once a storage call has failed.
 */
record HealthReport(String status, Map<String, Object> details) {
    static HealthReport of(Health h) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", h.backend());
        details.put("circuit", h.circuit().name());
        details.put("revocationChannel", h.revocationChannel());
        h.lastError().ifPresent(f -> {
            details.put("lastError", f.error());
            details.put("lastErrorAt", f.at().toString());
        });
        return new HealthReport(h.up() ? "UP" : "DOWN", details);
    }
}
