package dev.authstash.spring;

import dev.authstash.Health;
import dev.authstash.client.ProxyDoctor;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code authstash} health contributor reports, independent of the Actuator API it is reported through
 * (Spring Boot 4's {@code spring-boot-health} or Boot 3's {@code spring-boot-actuator}): status {@code UP} when one
 * read through the circuit breaker succeeds, else {@code DOWN}; {@code DEGRADED} when storage is up but the proxy
 * doctor has found that client addresses are probably wrong (a status of its own that Actuator's default order does
 * not aggregate, so the application's overall status and its readiness stay as they were, and that answers HTTP 200:
 * a client sending forged headers must not be able to take an instance out of service); details {@code backend},
 * {@code circuit}, {@code revocationChannel}, {@code lastError}/{@code lastErrorAt} once a storage call has failed,
 * and {@code clientAddress} (cause, peers, header, message with the configuration line to add) when degraded.
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
        if (!h.clientAddress().isEmpty()) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (ProxyDoctor.Finding f : h.clientAddress()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cause", f.cause().tag());
                m.put("peers", f.peers());
                m.put("header", f.header());
                m.put("message", f.message());
                findings.add(m);
            }
            details.put("clientAddress", findings);
        }
        return new HealthReport(!h.up() ? "DOWN" : h.degraded() ? "DEGRADED" : "UP", details);
    }
}
