package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authstash.storage.UpstashSettings;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code secondaryStorage.upstash}: values, defaults, and errors naming the path and what was expected. */
class UpstashConfigTest {
    private static final Function<String, String> NO_ENV = name -> null;

    private static void assertError(String json, String path, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json, NO_ENV));
        assertThat(e).as("no error for %s", json).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void readsEveryKeyWithVariablesAndDefaults() {
        Map<String, String> env = Map.of("UPSTASH_REDIS_REST_URL", "https://eu1-cat.upstash.io",
                "UPSTASH_REDIS_REST_TOKEN", "AXxx-token");
        AuthstashConfig config = ConfigLoader.parse("""
                {"secondaryStorage": {"upstash": {"url": "${UPSTASH_REDIS_REST_URL}",
                  "token": "${UPSTASH_REDIS_REST_TOKEN}", "responseEncoding": "none", "connectTimeoutMillis": 3000,
                  "requestTimeoutMillis": 2500, "readRetries": 2}}}""", env::get);
        UpstashSettings u = config.secondaryStorage().upstash();
        assertThat(u).isEqualTo(new UpstashSettings("https://eu1-cat.upstash.io", "AXxx-token",
                "secondaryStorage.upstash.token", UpstashSettings.Encoding.NONE, Duration.ofMillis(3000),
                Duration.ofMillis(2500), 2));
        assertThat(u.toString()).doesNotContain("AXxx-token");
        assertThat(config.secondaryStorage().usesRedis()).isTrue();
        UpstashSettings d = ConfigLoader.parse("{\"secondaryStorage\": {\"upstash\": {\"url\": \"https://x.io\","
                + " \"token\": \"t\"}}}", NO_ENV).secondaryStorage().upstash();
        assertThat(d.responseEncoding()).isEqualTo(UpstashSettings.Encoding.BASE64);
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.readRetries()).isEqualTo(1);
        assertThat(AuthstashConfig.builder().upstash("https://x.io", "t").build().secondaryStorage().upstash())
                .isEqualTo(d);
    }

    @Test
    void unsetVariablesMeanNoUpstash() {
        AuthstashConfig config = ConfigLoader.parse("""
                {"secondaryStorage": {"upstash": {"url": "${UPSTASH_REDIS_REST_URL:-}",
                  "token": "${UPSTASH_REDIS_REST_TOKEN:-}"}}}""", NO_ENV);
        assertThat(config.secondaryStorage().upstash()).isNull();
        assertThat(config.secondaryStorage().usesRedis()).isFalse();
    }

    @Test
    void errorsNameThePathAndTheExpectedValue() {
        assertError("{\"secondaryStorage\": {\"upstash\": {\"url\": \"http://eu1-cat.upstash.io\", \"token\": \"t\"}}}",
                "secondaryStorage.upstash.url", "secondaryStorage.upstash.url: expected an https:// URL (http:// only"
                        + " for a loopback host): plain http would send the token in clear, got"
                        + " \"http://eu1-cat.upstash.io\"");
        assertError("{\"secondaryStorage\": {\"upstash\": {\"url\": \"https://x.io\"}}}",
                "secondaryStorage.upstash.token",
                "secondaryStorage.upstash.token: expected the REST token when a url is given, got \"\"");
        assertError("{\"secondaryStorage\": {\"upstash\": {\"token\": \"t\"}}}", "secondaryStorage.upstash.url",
                "secondaryStorage.upstash.url: expected the REST URL (https://…) when a token is given, got \"\"");
        assertError("{\"secondaryStorage\": {\"upstash\": {\"url\": \"https://x.io\", \"token\": \"t\","
                + " \"responseEncoding\": \"gzip\"}}}", "secondaryStorage.upstash.responseEncoding",
                "secondaryStorage.upstash.responseEncoding: expected one of \"base64\", \"none\", got \"gzip\"");
        assertError("{\"secondaryStorage\": {\"upstash\": {\"url\": \"https://x.io\", \"token\": \"t\","
                + " \"readRetries\": 9}}}", "secondaryStorage.upstash.readRetries",
                "secondaryStorage.upstash.readRetries: must be an integer from 0 to 5, got 9");
        assertError("{\"secondaryStorage\": {\"url\": \"redis://h:6379\", \"upstash\": {\"url\": \"https://x.io\","
                + " \"token\": \"t\"}}}", "secondaryStorage.upstash",
                "secondaryStorage.upstash: expected one storage, got upstash together with secondaryStorage.url");
        assertError("{\"secondaryStorage\": {\"upstash\": {\"uri\": \"https://x.io\"}}}", "secondaryStorage.upstash.uri",
                "secondaryStorage.upstash.uri: unknown key; did you mean \"url\"?");
    }
}
