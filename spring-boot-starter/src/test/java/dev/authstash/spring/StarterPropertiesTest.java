package dev.authstash.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigLoader;
import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/** authstash.* binding: same keys and messages as the JSON, back-off, config-location, DataSource, Redis reuse. */
class StarterPropertiesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AuthstashAutoConfiguration.class))
            .withPropertyValues("authstash.secret=" + "p".repeat(32));

    @Test
    void propertiesGiveTheSameConfigAsTheJson() {
        runner.withPropertyValues("authstash.base-path=/api/auth", "authstash.rate-limit.window=60",
                "authstash.base-url=https://app.example.com", "authstash.trusted-origins=https://*.example.com",
                "authstash.rateLimit.max=100", "authstash.rate-limit.algorithm=sliding-window",
                "authstash.rate-limit.custom-rules[/sign-in/email].window=60",
                "authstash.rate-limit.custom-rules[/sign-in/email].max=5",
                "authstash.rate-limit.custom-rules[/health].limited=false",
                "authstash.rate-limit.custom-rules[/forget-password].window=900",
                "authstash.rate-limit.custom-rules[/forget-password].max=3",
                "authstash.rate-limit.custom-rules[/forget-password].methods=POST",
                "authstash.rate-limit.custom-rules[/forget-password].algorithm=fixed-window",
                "authstash.rate-limit.custom-rules[/forget-password].count=401,403",
                "authstash.rate-limit.allow=10.1.0.0/16", "authstash.rate-limit.default-rules=false",
                "authstash.rate-limit.on-storage-error=deny", "authstash.advanced.ip-address.trusted-proxies=10.0.0.0/8,::1",
                "authstash.advanced.ip-address.ip-address-headers=forwarded,x-forwarded-for",
                "authstash.session.expires-in=3600", "authstash.session.cookie-cache.enabled=true",
                "authstash.session.cookie-cache.max-age=60", "authstash.session.cookie-cache.strategy=jwe",
                "authstash.session.cookie-cache.version=7", "authstash.session.protected-paths[0]=/account/**",
                "authstash.email-otp.otp-length=8", "authstash.email-otp.guess-budget.max=20",
                "authstash.email-otp.send-limit.window=600", "authstash.secondary-storage.circuit-breaker.open-seconds=30",
                "authstash.secondary-storage.pool-wait-millis=250")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AuthstashConfig expected = ConfigLoader.parse("""
                            {"basePath": "/api/auth", "secret": "%s",
                             "baseURL": "https://app.example.com", "trustedOrigins": ["https://*.example.com"],
                             "secondaryStorage": {"circuitBreaker": {"openSeconds": 30}, "poolWaitMillis": 250},
                             "rateLimit": {"window": 60, "max": 100, "algorithm": "sliding-window",
                               "customRules": {"/sign-in/email": {"window": 60, "max": 5}, "/health": false,
                                 "/forget-password": {"window": 900, "max": 3, "methods": ["POST"], "count": [401, 403],
                                   "algorithm": "fixed-window"}},
                               "allow": ["10.1.0.0/16"], "defaultRules": false,
                               "onStorageError": "deny"},
                             "advanced": {"ipAddress": {"trustedProxies": ["10.0.0.0/8", "::1"],
                               "ipAddressHeaders": ["forwarded", "x-forwarded-for"]}},
                             "session": {"expiresIn": 3600, "protectedPaths": ["/account/**"],
                               "cookieCache": {"enabled": true, "maxAge": 60, "strategy": "jwe", "version": "7"}},
                             "emailOTP": {"otpLength": 8, "guessBudget": {"max": 20},
                               "sendLimit": {"window": 600}}}""".formatted("p".repeat(32)), name -> null);
                    assertThat(context.getBean(Authstash.class).config()).isEqualTo(expected);
                });
    }

    @Test
    void invalidValuesFailWithTheJsonMessagePrefixed() {
        assertStartupFails("authstash.rateLimit.max: must be a positive integer, got 0", "authstash.rate-limit.max=0");
        assertStartupFails("authstash.rateLimit.algorithm: expected one of \"fixed-window\", \"sliding-window\", "
                + "\"token-bucket\", got \"leaky\"", "authstash.rate-limit.algorithm=leaky");
        assertStartupFails("authstash.session.preserveSessionInDatabase: requires session.storeSessionInDatabase to be"
                + " true, got false", "authstash.session.preserve-session-in-database=true");
        runner.withPropertyValues("authstash.rate-limit.custom-rules[/a].window=60").run(context ->
                assertThat(messages(context.getStartupFailure()))
                        .anyMatch(m -> m.startsWith("authstash.rateLimit.customRules.\"/a\".max: ")));
    }

    private void assertStartupFails(String message, String... properties) {
        runner.withPropertyValues(properties).run(context ->
                assertThat(messages(context.getStartupFailure())).contains(message));
    }

    @Test
    void valuesOfTheWrongTypeFailBindingNamingTheProperty() {
        runner.withPropertyValues("authstash.rate-limit.window=abc").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining(
                        "Failed to bind properties under 'authstash.rate-limit.window' to java.lang.Long"));
    }

    @Test
    void disabledStarterCreatesNothing() {
        runner.withPropertyValues("authstash.enabled=false").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(Authstash.class));
    }

    @Test
    void anAuthstashOfTheApplicationWins() {
        try (Authstash own = Authstash.builder(AuthstashConfig.builder().basePath("/own").build())
                .environment(k -> null).build()) {
            runner.withBean(Authstash.class, () -> own).run(context ->
                    assertThat(context.getBean(Authstash.class)).isSameAs(own));
        }
    }

    @Test
    void configLocationReplacesTheProperties() {
        runner.withPropertyValues("authstash.config-location=classpath:starter-config.json",
                "authstash.base-path=/ignored").run(context -> {
                    AuthstashConfig config = context.getBean(Authstash.class).config();
                    assertThat(config.basePath()).isEqualTo("/from-json");
                    assertThat(config.rateLimit().max()).isEqualTo(7);
                });
    }

    @Test
    void storeSessionInDatabaseUsesTheApplicationDataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1");
        runner.withBean(DataSource.class, () -> h2)
                .withPropertyValues("authstash.session.store-session-in-database=true",
                        "authstash.session.table-name=starter_session")
                .run(context -> {
                    context.getBean(Authstash.class).sessions().create("db-user", null, null, null);
                    try (Connection c = h2.getConnection(); ResultSet rs = c.createStatement()
                            .executeQuery("SELECT user_id FROM starter_session")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("db-user");
                    }
                });
        assertStartupFails("authstash.session.storeSessionInDatabase: requires a DataSource bean, got none",
                "authstash.session.store-session-in-database=true");
    }

    @Test
    void upstashPropertiesAreTheJsonUpstashSection() {
        assertStartupFails("authstash.secondaryStorage.upstash.token: expected the REST token when a url is given,"
                + " got \"\"", "authstash.secondary-storage.upstash.url=https://example.upstash.io");
    }

    @Test
    void springDataRedisHostAndPortAreUsedWhenAuthstashNamesNoStorage() {
        runner.withPropertyValues("spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + SharedRedis.REDIS.port()).run(context -> {
                    Authstash a = context.getBean(Authstash.class);
                    assertThat(a.storage()).isInstanceOf(RedisStorage.class);
                    assertThat(a.health().up()).isTrue();
                });
        runner.withPropertyValues("spring.data.redis.host=127.0.0.1", "authstash.secondary-storage.url=")
                .run(context -> assertThat(context.getBean(Authstash.class).storage())
                        .isInstanceOf(MemoryStorage.class));
    }

    @Test
    void filtersAreAsyncSupportedAndOrderedBeforeSpringSecurity() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthstashAutoConfiguration.class))
                .run(context -> {
                    Map<String, FilterRegistrationBean> filters = context.getBeansOfType(FilterRegistrationBean.class);
                    assertThat(filters).containsOnlyKeys("authstashRateLimitFilter", "authstashSessionFilter");
                    int securityChainOrder = -100; // SecurityProperties.DEFAULT_FILTER_ORDER
                    filters.values().forEach(f -> {
                        assertThat(f.isAsyncSupported()).isTrue();
                        assertThat(f.getOrder()).isLessThan(securityChainOrder);
                    });
                    assertThat(filters.get("authstashRateLimitFilter").getOrder())
                            .isLessThan(filters.get("authstashSessionFilter").getOrder());
                });
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(AuthstashAutoConfiguration.class))
                .withPropertyValues("authstash.filters.enabled=false").run(context ->
                        assertThat(context).hasSingleBean(Authstash.class)
                                .doesNotHaveBean(FilterRegistrationBean.class));
    }

    /** Messages of {@code failure} and its causes. */
    private static java.util.List<String> messages(Throwable failure) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.add(t.getMessage());
        }
        return out;
    }
}
