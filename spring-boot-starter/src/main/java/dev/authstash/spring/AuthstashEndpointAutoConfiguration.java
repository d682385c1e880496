package dev.authstash.spring;

import dev.authstash.Authstash;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code authstash} ({@link AuthstashEndpoint}) when Actuator is on the class path (Boot 4 and
 * 3.5); exposure and access follow Actuator's {@code management.endpoint(s).*} settings.
 */
@AutoConfiguration(after = AuthstashAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Authstash.class)
public class AuthstashEndpointAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public AuthstashEndpoint authstashEndpoint(Authstash authstash) {
        return new AuthstashEndpoint(authstash);
    }
}
