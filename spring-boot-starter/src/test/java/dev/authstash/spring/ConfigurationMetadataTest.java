package dev.authstash.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jar carries configuration metadata, so IDEs complete authstash.* keys and their values. */
class ConfigurationMetadataTest {

    @Test
    void everyJsonKeyHasAPropertyWithADescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> names = new ArrayList<>();
        metadata.path("properties").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("authstash.enabled", "authstash.config-location", "authstash.secret",
                "authstash.base-path", "authstash.base-url", "authstash.trusted-origins",
                "authstash.advanced.use-secure-cookies", "authstash.secondary-storage.url", "authstash.secondary-storage.cluster-nodes",
                "authstash.secondary-storage.circuit-breaker.failure-threshold", "authstash.secondary-storage.pool-wait-millis",
                "authstash.secondary-storage.upstash.url", "authstash.secondary-storage.upstash.token",
                "authstash.secondary-storage.sentinel.master-name", "authstash.session.cookie-cache.enabled",
                "authstash.rate-limit.window",
                "authstash.rate-limit.max", "authstash.rate-limit.custom-rules", "authstash.rate-limit.on-storage-error",
                "authstash.advanced.ip-address.trusted-proxies", "authstash.session.store-session-in-database",
                "authstash.session.protected-paths", "authstash.email-otp.otp-length",
                "authstash.email-otp.guess-budget.max", "authstash.email-otp.send-limit.window",
                "authstash.email-and-password.reset-password-token-expires-in",
                "authstash.email-verification.expires-in", "authstash.filters.enabled", "authstash.spring-security.enabled",
                "authstash.session.cookie-cache.strategy", "authstash.session.cookie-cache.version");
        assertThat(names).as("the Actuator endpoint authstash").contains("management.endpoint.authstash.access");
        metadata.path("properties").forEach(p -> assertThat(p.path("description").asText())
                .as(p.path("name").asText()).isNotBlank());
        List<String> hinted = new ArrayList<>();
        metadata.path("hints").forEach(h -> hinted.add(h.path("name").asText()));
        assertThat(hinted).contains("authstash.rate-limit.algorithm", "authstash.rate-limit.on-storage-error");
    }
}
