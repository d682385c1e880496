package dev.authstash.spring;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigLoader;
import dev.authstash.metrics.MicrometerMetrics;
import dev.authstash.servlet.RateLimitFilter;
import dev.authstash.servlet.SessionFilter;
import dev.authstash.session.JdbcSessionDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds one {@link Authstash} from {@code authstash.*} (or {@code authstash.config-location}) and registers the
 * rate-limit and session filters before Spring Security's filter chain. Off with {@code authstash.enabled=false};
 * an {@code Authstash} bean of the application's own replaces the one built here (the filters then use it).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "authstash.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AuthstashProperties.class)
public class AuthstashAutoConfiguration {
    /** Order of the rate-limit filter: before Spring Security's chain (-100) and Boot's request-context filter. */
    public static final int RATE_LIMIT_FILTER_ORDER = -120;
    /** Order of the session filter: after the rate-limit filter, before Spring Security's chain (-100). */
    public static final int SESSION_FILTER_ORDER = -110;

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Authstash authstash(AuthstashProperties properties, Environment environment,
                               ObjectProvider<DataSource> dataSource, ObjectProvider<MeterRegistry> meterRegistry,
                               ObjectProvider<SslBundles> sslBundles) {
        boolean fromSpring = namesNoStorage(properties);
        AuthstashConfig config = config(properties, environment);
        Authstash.Builder b = Authstash.builder(config).environment(environment::getProperty);
        String bundle = environment.getProperty(SpringRedis.P + "ssl.bundle");
        if (fromSpring && bundle != null && !bundle.isBlank()) {
            b.redisTls(tls(bundle.trim(), sslBundles.getIfAvailable()));
        }
        if (config.session().storeSessionInDatabase()) {
            DataSource ds = dataSource.getIfAvailable();
            if (ds == null) {
                throw new IllegalStateException("authstash.session.storeSessionInDatabase: requires a DataSource bean,"
                        + " got none");
            }
            JdbcSessionDatabase table = new JdbcSessionDatabase(ds, config.session().tableName());
            table.createTable();
            b.sessionDatabase(table);
        }
        MeterRegistry registry = meterRegistry.getIfAvailable();
        if (registry != null) {
            b.metrics(new MicrometerMetrics(registry));
        }
        return b.build();
    }

    /**
     * {@code config-location} if set, else the properties; storage from spring.data.redis.* when none is named. A
     * set {@code spring.data.redis} connection key that is not applied fails (see {@link SpringRedis}).
     */
    static AuthstashConfig config(AuthstashProperties properties, Environment environment) {
        String location = properties.getConfigLocation();
        if (location != null && !location.isBlank()) {
            AuthstashConfig config = ConfigLoader.load(location.trim(), environment::getProperty);
            if (SpringRedis.isSet(environment) && !config.secondaryStorage().usesRedis()
                    && config.secondaryStorage().upstash() == null) {
                String key = SpringRedis.CONNECTION_KEYS.stream()
                        .filter(k -> environment.getProperty(SpringRedis.P + k) != null).findFirst().orElseThrow();
                throw SpringRedis.notApplied(key, "authstash.config-location (" + location.trim()
                        + ") names no secondaryStorage and is read alone");
            }
            return config;
        }
        if (namesNoStorage(properties)) {
            SpringRedis.apply(environment, properties.getSecondaryStorage());
        }
        return PropertiesJson.config(properties);
    }

    private static boolean namesNoStorage(AuthstashProperties properties) {
        String location = properties.getConfigLocation();
        AuthstashProperties.SecondaryStorage storage = properties.getSecondaryStorage();
        return (location == null || location.isBlank()) && storage.getUrl() == null
                && storage.getClusterNodes() == null && storage.getUpstash().getUrl() == null
                && storage.getSentinel().getMasterName() == null;
    }

    /** The TLS sockets of Spring's SSL bundle {@code name} ({@code spring.ssl.bundle.*}). */
    private static javax.net.ssl.SSLSocketFactory tls(String name, SslBundles bundles) {
        if (bundles == null) {
            throw SpringRedis.notApplied("ssl.bundle", "no SslBundles bean (Spring Boot's SslAutoConfiguration)");
        }
        try {
            return bundles.getBundle(name).createSslContext().getSocketFactory();
        } catch (NoSuchSslBundleException e) {
            throw SpringRedis.notApplied("ssl.bundle", "no SSL bundle named \"" + name + "\" (spring.ssl.bundle.*)");
        }
    }

    /**
     * In a servlet application, refuse to start when the peer address authstash reads is rewritten from forwarded
     * headers ({@link ForwardedHeadersCheck}): {@code server.forward-headers-strategy} framework or native, native
     * turned on by a detected cloud platform, or a {@code ForwardedHeaderFilter} bean.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class PeerAddress {
        @Bean
        static ForwardedHeadersCheck authstashForwardedHeadersCheck(Environment environment,
                                                                    org.springframework.beans.factory.BeanFactory beans) {
            return new ForwardedHeadersCheck(environment, beans);
        }
    }

    /** The two servlet filters, on every URL and dispatch type they handle, async-supported. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    @ConditionalOnBooleanProperty(name = "authstash.filters.enabled", matchIfMissing = true)
    static class Filters {
        @Bean
        @ConditionalOnMissingBean(name = "authstashRateLimitFilter")
        FilterRegistrationBean<RateLimitFilter> authstashRateLimitFilter(Authstash authstash) {
            return registration(new RateLimitFilter(authstash), RATE_LIMIT_FILTER_ORDER);
        }

        @Bean
        @ConditionalOnMissingBean(name = "authstashSessionFilter")
        FilterRegistrationBean<SessionFilter> authstashSessionFilter(Authstash authstash) {
            return registration(new SessionFilter(authstash), SESSION_FILTER_ORDER);
        }

        private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, int order) {
            FilterRegistrationBean<F> r = new FilterRegistrationBean<>(filter);
            r.setOrder(order);
            r.setAsyncSupported(true);
            r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            r.addUrlPatterns("/*");
            return r;
        }
    }
}
