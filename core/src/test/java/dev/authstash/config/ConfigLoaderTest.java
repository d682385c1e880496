package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.client.IpAddressSettings;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RuleKey;
import dev.authstash.session.SessionSettings;
import dev.authstash.storage.StorageSettings;
import dev.authstash.token.OneTimeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final Function<String, String> NO_ENV = name -> null;

    static AuthstashConfig designExample() {
        RateLimitSettings d = RateLimitSettings.defaults();
        return new AuthstashConfig("/api/auth", StorageSettings.defaults(),
                new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true, List.of(
                        rule("/sign-in/email", 60, 5), rule("/sign-up/email", 60, 5),
                        rule("/forget-password", 60, 3), rule("/email-otp/*", 60, 5)),
                        d.onStorageError(), d.limitPreflight(), List.of(), List.of(), true, true),
                IpAddressSettings.defaults(),
                new SessionSettings(Duration.ofDays(7), Duration.ofDays(1), true, true, "authstash.session_token",
                        "authstash_session", List.of()),
                OneTimeSettings.defaults());
    }

    private static CustomRule rule(String glob, long window, long max) {
        return new CustomRule(glob, new RateLimitRule(glob, window, max, Algorithm.FIXED_WINDOW));
    }

    @Test
    void designExampleLoadsIntoTheExpectedRecords() {
        assertThat(ConfigLoader.load("classpath:config/design-example.json", NO_ENV)).isEqualTo(designExample());
    }

    @Test
    void designExampleTakesTheRedisUrlFromTheEnvironment() {
        AuthstashConfig config = ConfigLoader.load("classpath:config/design-example.json",
                Map.of("REDIS_URL", "redis://localhost:6379")::get);
        assertThat(config.secondaryStorage().url()).isEqualTo("redis://localhost:6379");
        assertThat(config.secondaryStorage().usesRedis()).isTrue();
    }

    @Test
    void emptyDocumentGivesAllDefaults() {
        AuthstashConfig config = ConfigLoader.parse("{}", NO_ENV);
        assertThat(config).isEqualTo(AuthstashConfig.defaults());
        assertThat(config.rateLimit().windowSeconds()).isEqualTo(10);
        assertThat(config.rateLimit().max()).isEqualTo(100);
        assertThat(config.secondaryStorage().keyPrefix()).isEqualTo("authstash:");
        assertThat(config.session().expiresIn()).isEqualTo(Duration.ofSeconds(604800));
        assertThat(config.oneTime().otpLength()).isEqualTo(6);
        assertThat(config.ipAddress().ipv6Subnet()).isEqualTo(64);
    }

    @Test
    void emptySectionsGiveDefaultsToo() {
        String json = "{\"secondaryStorage\":{},\"rateLimit\":{\"customRules\":{}},\"advanced\":{\"ipAddress\":{}},"
                + "\"session\":{},\"emailOTP\":{},\"emailAndPassword\":{},\"emailVerification\":{}}";
        assertThat(ConfigLoader.parse(json, NO_ENV)).isEqualTo(AuthstashConfig.defaults());
    }

    @Test
    void everyKeyIsRead() {
        AuthstashConfig config = ConfigLoader.load("classpath:config/every-key.json", Map.of("REDIS_PASSWORD", "s3cret")::get);
        assertThat(config).isEqualTo(new AuthstashConfig("/auth",
                new StorageSettings("rediss://default:s3cret@cache.example.com:6380",
                        List.of("10.0.0.1:7000", "10.0.0.2:7001"), "app1:", 32, Duration.ofMillis(200),
                        Duration.ofMillis(150), 5000, Duration.ofMillis(250)),
                new RateLimitSettings(false, 30, 50, Algorithm.SLIDING_WINDOW, false, List.of(
                        new CustomRule("/sign-in/email", new RateLimitRule("/sign-in/email", 60, 5, Algorithm.TOKEN_BUCKET)),
                        new CustomRule("/health", null),
                        new CustomRule("/email-otp/*", new RateLimitRule("/email-otp/*", 120, 3, Algorithm.SLIDING_WINDOW)),
                        CustomRule.of("/sign-up/email", List.of(
                                new RateLimitRule("/sign-up/email", 60, 5, Algorithm.SLIDING_WINDOW, RuleKey.IP,
                                        Set.of("POST"), Set.of()),
                                new RateLimitRule("/sign-up/email#2", 900, 10, Algorithm.FIXED_WINDOW,
                                        RuleKey.parse("ip+body:email"), Set.of(), RateLimitRule.FAILURES),
                                new RateLimitRule("/sign-up/email#3", 900, 20, Algorithm.FIXED_WINDOW,
                                        RuleKey.parse("user"), Set.of(), Set.of(401, 403))))),
                        OnStorageError.DENY, true, List.of("192.0.2.0/24"), List.of("198.51.100.7"), false, false),
                new IpAddressSettings(List.of("10.0.0.0/8", "::1"), 48),
                new SessionSettings(Duration.ofHours(1), Duration.ofMinutes(10), true, true, "my.session", "app_session",
                        List.of("/account/**")),
                new OneTimeSettings(8, Duration.ofMinutes(2), 5, Duration.ofMinutes(15), Duration.ofHours(2))));
    }

    @Test
    void loadsFromTheClassPath() {
        AuthstashConfig config = ConfigLoader.load("classpath:config/scalars-only.json", NO_ENV);
        assertThat(config.basePath()).isEqualTo("/api/auth");
        assertThat(config.rateLimit().windowSeconds()).isEqualTo(30);
        assertThat(config.rateLimit().onStorageError()).isEqualTo(OnStorageError.ALLOW);
        assertThat(config.session().cookieName()).isEqualTo("sid");
        assertThat(ConfigLoader.load("classpath:/config/scalars-only.json", NO_ENV)).isEqualTo(config);
    }

    @Test
    void classPathFallsBackToTheLoaderOfConfigLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(null) { });
        try {
            assertThat(ConfigLoader.load("classpath:config/scalars-only.json", NO_ENV).rateLimit().max()).isEqualTo(7);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("authstash.json");
        Files.writeString(file, "{\"basePath\":\"${BASE}\",\"rateLimit\":{\"max\":3}}");
        AuthstashConfig config = ConfigLoader.load(file.toString(), Map.of("BASE", "/v1/auth")::get);
        assertThat(config.basePath()).isEqualTo("/v1/auth");
        assertThat(config.rateLimit().max()).isEqualTo(3);
    }

    @Test
    void missingFileNamesTheLocation(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        assertThatThrownBy(() -> ConfigLoader.load(file.toString(), NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": no such file (looked for " + file.toAbsolutePath() + ")");
    }

    @Test
    void missingResourceNamesTheLocation() {
        assertThatThrownBy(() -> ConfigLoader.load("classpath:config/nope.json", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("classpath:config/nope.json: no such resource on the class path");
    }

    @Test
    void classPathFolderIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load("classpath:config/", NO_ENV))
                .hasMessage("classpath:config/: expected classpath:<resource name>, got a folder");
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\n  \"basePath\": \"/a\",\n  }", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("malformed JSON at line 3, column 3: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name");
    }

    @Test
    void malformedFileNamesItsLocation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"rateLimit\": {\"window\": 10,}}");
        assertThatThrownBy(() -> ConfigLoader.load(file.toString(), NO_ENV))
                .hasMessage(file + ": malformed JSON at line 1, column 29: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name");
    }

    @Test
    void trailingContentIsMalformed() {
        assertThatThrownBy(() -> ConfigLoader.parse("{} {}", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column 4: Trailing token");
    }

    @Test
    void emptyDocumentIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.parse("  ", NO_ENV))
                .hasMessage("expected a JSON object, got an empty document");
        assertThatThrownBy(() -> ConfigLoader.parse("[1]", NO_ENV))
                .hasMessage("expected a JSON object at the top level, got an array");
    }

    @Test
    void duplicateKeyIsAnErrorNamingItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"rateLimit\": {\"max\": 5,\n\"max\": 6}}", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("rateLimit.max: expected each key once, got \"max\" twice (line 2, column 6)")
                .extracting(e -> ((ConfigException) e).path()).isEqualTo("rateLimit.max");
    }
}
