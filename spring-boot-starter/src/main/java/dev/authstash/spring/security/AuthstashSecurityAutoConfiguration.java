package dev.authstash.spring.security;

import dev.authstash.spring.AuthstashAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Spring Security on authstash sessions, when Spring Security is on the class path (off with
 * {@code authstash.spring-security.enabled=false}): the {@link AuthstashSecurityContextRepository} on every
 * {@code HttpSecurity} as it is created, before the application's own configuration (a repository the
 * application sets wins), and bad-credentials events counted as
 * failed answers ({@link CredentialFailures}). Authorities: an {@link AuthstashAuthorities} bean, else the
 * session attribute {@value AuthstashAuthorities#ATTRIBUTE}.
 */
@AutoConfiguration(after = AuthstashAutoConfiguration.class)
@ConditionalOnClass({HttpSecurity.class, SecurityContextRepository.class,
        org.springframework.web.context.request.RequestContextHolder.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "authstash.spring-security.enabled", matchIfMissing = true)
@ConditionalOnBean(dev.authstash.Authstash.class)
public class AuthstashSecurityAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    AuthstashSecurityContextRepository authstashSecurityContextRepository(dev.authstash.Authstash authstash,
                                                                          ObjectProvider<AuthstashAuthorities> mapper) {
        return new AuthstashSecurityContextRepository(authstash,
                mapper.getIfAvailable(AuthstashAuthorities::fromAttribute));
    }

    /**
     * Sets the repository on every {@code HttpSecurity} as it is created (a prototype bean), before the application's
     * {@code SecurityFilterChain} method configures it — so a repository the application sets wins. A bean post
     * processor rather than a {@code Customizer<HttpSecurity>} bean, which only Spring Security 7 applies.
     */
    @Bean
    static BeanPostProcessor authstashHttpSecurity(ObjectProvider<AuthstashSecurityContextRepository> repository) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof HttpSecurity http) {
                    try {
                        http.securityContext(c -> c.securityContextRepository(repository.getObject()));
                    } catch (Exception e) {
                        throw new IllegalStateException("authstash: could not set the security context repository", e);
                    }
                }
                return bean;
            }
        };
    }

    @Bean
    static CredentialFailures authstashCredentialFailures() {
        return new CredentialFailures();
    }
}
