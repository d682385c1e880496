package dev.authstash.spring;

import dev.authstash.Authstash;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The Actuator health contributor {@code authstash} (Spring Boot 4's {@code spring-boot-health}). */
@AutoConfiguration(after = AuthstashAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Authstash.class)
public class AuthstashHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "authstashHealthIndicator")
    public AuthstashHealthIndicator authstashHealthIndicator(Authstash authstash) {
        return new AuthstashHealthIndicator(authstash);
    }
}
