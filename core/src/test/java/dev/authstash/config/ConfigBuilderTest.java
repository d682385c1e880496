package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RuleKey;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigBuilderTest {

    @Test
    void noSettersGiveTheDefaults() {
        assertThat(AuthstashConfig.builder().build()).isEqualTo(AuthstashConfig.defaults());
    }

    @Test
    void builderEqualsTheDesignExampleLoadedFromJson() {
        AuthstashConfig built = AuthstashConfig.builder()
                .basePath("/api/auth").redisUrl("")
                .rateLimitEnabled(true).rateLimit(60, 100).rateLimitStorage("secondary-storage")
                .customRule("/sign-in/email", 60, 5).customRule("/sign-up/email", 60, 5)
                .customRule("/forget-password", 60, 3).customRule("/email-otp/*", 60, 5)
                .storeSessionInDatabase(true).preserveSessionInDatabase(true)
                .build();
        assertThat(built).isEqualTo(ConfigLoader.load("classpath:config/design-example.json", name -> null));
    }

    @Test
    void builderEqualsJsonForEveryKey() {
        AuthstashConfig built = AuthstashConfig.builder()
                .basePath("/auth")
                .redisUrl("rediss://default:s3cret@cache.example.com:6380")
                .clusterNodes("10.0.0.1:7000", "10.0.0.2:7001").keyPrefix("app1:").poolSize(32)
                .connectTimeoutMillis(200).socketTimeoutMillis(150).memoryMaxEntries(5000).poolWaitMillis(250)
                .rateLimitEnabled(false).rateLimit(30, 50).rateLimitAlgorithm(Algorithm.SLIDING_WINDOW)
                .rateLimitStorage("memory")
                .customRule("/sign-in/email", 60, 5, Algorithm.TOKEN_BUCKET).neverLimit("/health")
                .customRule("/email-otp/*", 120, 3)
                .customRules("/sign-up/email",
                        new RateLimitRule("x", 60, 5, Algorithm.SLIDING_WINDOW, RuleKey.IP, Set.of("POST"), Set.of()),
                        new RateLimitRule("y", 900, 10, Algorithm.FIXED_WINDOW, RuleKey.parse("ip+body:email"),
                                Set.of(), RateLimitRule.FAILURES),
                        new RateLimitRule("z", 900, 20, Algorithm.FIXED_WINDOW, RuleKey.parse("user"), Set.of(),
                                Set.of(401, 403)))
                .onStorageError(OnStorageError.DENY).limitPreflight(true)
                .rateLimitAllow("192.0.2.0/24").rateLimitDeny("198.51.100.7").defaultRateLimitRules(false)
                .rateLimitBlockCache(false)
                .trustedProxies("10.0.0.0/8", "::1").ipv6Subnet(48)
                .sessionExpiresIn(3600).sessionUpdateAge(600).storeSessionInDatabase(true)
                .preserveSessionInDatabase(true).sessionCookieName("my.session").sessionTableName("app_session")
                .protectedPaths("/account/**")
                .otpLength(8).otpExpiresIn(120).otpAllowedAttempts(5)
                .resetPasswordTokenExpiresIn(900).emailVerificationExpiresIn(7200)
                .build();
        assertThat(built).isEqualTo(ConfigLoader.load("classpath:config/every-key.json",
                Map.of("REDIS_PASSWORD", "s3cret")::get));
    }

    @Test
    void builderEqualsJsonForScalarOptions() {
        AuthstashConfig built = AuthstashConfig.builder().basePath("/api/auth").rateLimit(30, 7)
                .onStorageError(OnStorageError.ALLOW).sessionExpiresIn(1200).sessionCookieName("sid").build();
        assertThat(built).isEqualTo(ConfigLoader.load("classpath:config/scalars-only.json", name -> null));
    }

    @Test
    void listSettersEqualVarargsSetters() {
        assertThat(AuthstashConfig.builder().trustedProxies(java.util.List.of("10.0.0.0/8", "::1"))
                .protectedPaths(java.util.List.of("/account/**")).clusterNodes(java.util.List.of("h:1")).build())
                .isEqualTo(AuthstashConfig.builder().trustedProxies("10.0.0.0/8", "::1")
                        .protectedPaths("/account/**").clusterNodes("h:1").build());
    }

    @Test
    void settersWrittenAsStatementsAreKept() {
        ConfigBuilder b = AuthstashConfig.builder();
        b.basePath("/x");
        b.rateLimit(30, 5);
        b.customRule("/sign-in", 60, 3);
        AuthstashConfig config = b.build();
        assertThat(config.basePath()).isEqualTo("/x");
        assertThat(config.rateLimit().windowSeconds()).isEqualTo(30);
        assertThat(config).isEqualTo(AuthstashConfig.builder().basePath("/x").rateLimit(30, 5)
                .customRule("/sign-in", 60, 3).build());
    }

    @Test
    void builtConfigIsNotChangedByLaterSetters() {
        ConfigBuilder b = AuthstashConfig.builder().rateLimit(60, 10);
        AuthstashConfig first = b.build();
        b.rateLimit(30, 5).basePath("/x");
        assertThat(first.rateLimit().windowSeconds()).isEqualTo(60);
        assertThat(first.basePath()).isEmpty();
        assertThat(b.build().rateLimit().windowSeconds()).isEqualTo(30);
        assertThat(b.build().basePath()).isEqualTo("/x");
    }

    @Test
    void rejectedValueLeavesTheBuilderUnchanged() {
        ConfigBuilder b = AuthstashConfig.builder().rateLimit(60, 10).circuitBreaker(5, 30);
        assertThatThrownBy(() -> b.rateLimit(30, 0)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> b.circuitBreaker(3, 0)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> b.basePath("api")).isInstanceOf(ConfigException.class);
        AuthstashConfig config = b.build();
        assertThat(config.rateLimit().windowSeconds()).isEqualTo(60);
        assertThat(config.rateLimit().max()).isEqualTo(10);
        assertThat(config.circuitBreaker().failureThreshold()).isEqualTo(5);
        assertThat(config.basePath()).isEmpty();
    }

    @Test
    void settersFailFastWithTheJsonMessages() {
        ConfigBuilder b = AuthstashConfig.builder();
        assertThatThrownBy(() -> b.rateLimit(-5, 10)).isInstanceOf(ConfigException.class)
                .hasMessage("rateLimit.window: must be a positive integer (seconds), got -5");
        assertThatThrownBy(() -> b.rateLimit(10, 0))
                .hasMessage("rateLimit.max: must be a positive integer, got 0");
        assertThatThrownBy(() -> b.basePath("api"))
                .hasMessage("basePath: expected \"\" or a path starting with \"/\" and not ending with \"/\", got \"api\"");
        assertThatThrownBy(() -> b.basePath(null)).hasMessage("basePath: expected a string, got null");
        assertThatThrownBy(() -> b.rateLimitStorage("database"))
                .hasMessage("rateLimit.storage: expected one of \"secondary-storage\", \"memory\", got \"database\"");
        assertThatThrownBy(() -> b.onStorageError(null))
                .hasMessage("rateLimit.onStorageError: expected one of \"local\", \"allow\", \"deny\", got null");
        assertThatThrownBy(() -> b.ipv6Subnet(0))
                .hasMessage("advanced.ipAddress.ipv6Subnet: must be an integer from 1 to 128, got 0");
        assertThatThrownBy(() -> b.otpLength(11)).hasMessage("emailOTP.otpLength: must be an integer from 4 to 10, got 11");
        assertThatThrownBy(() -> b.sessionTableName("a-b")).hasMessage("session.tableName: expected a plain SQL "
                + "identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 characters), got \"a-b\"");
        assertThatThrownBy(() -> b.clusterNodes("redis:0")).hasMessage(
                "secondaryStorage.clusterNodes[0]: expected \"host:port\" with a port from 1 to 65535, got \"redis:0\"");
        assertThatThrownBy(() -> b.connectTimeoutMillis(0))
                .hasMessage("secondaryStorage.connectTimeoutMillis: must be a positive integer (milliseconds), got 0");
    }

    @Test
    void customRuleErrorsUseTheJsonPath() {
        ConfigBuilder b = AuthstashConfig.builder();
        assertThatThrownBy(() -> b.customRule("/sign-in/email", 60, -1))
                .hasMessage("rateLimit.customRules.\"/sign-in/email\".max: must be a positive integer, got -1");
        assertThatThrownBy(() -> b.customRule("/a", 60, 5).neverLimit("/a"))
                .hasMessage("rateLimit.customRules.\"/a\": expected each key once, got \"/a\" twice");
        assertThatThrownBy(() -> b.neverLimit("health"))
                .hasMessage("rateLimit.customRules.health: route glob \"health\" must start with '/'");
        assertThatThrownBy(() -> b.trustedProxies("10.0.0.1", "10.0.0.0/33"))
                .hasMessage("advanced.ipAddress.trustedProxies[1]: expected an IP address or CIDR such as 10.0.0.0/8 "
                        + "or 2001:db8::/32, got \"10.0.0.0/33\" (IPv4 prefix length must be 0..32)");
    }

    @Test
    void crossOptionRulesAreCheckedAtBuild() {
        ConfigBuilder preserving = AuthstashConfig.builder().preserveSessionInDatabase(true);
        assertThatThrownBy(preserving::build).isInstanceOf(ConfigException.class)
                .hasMessage("session.preserveSessionInDatabase: requires session.storeSessionInDatabase to be true, got false");
        assertThat(preserving.storeSessionInDatabase(true).build().session().preserveSessionInDatabase()).isTrue();
    }
}
