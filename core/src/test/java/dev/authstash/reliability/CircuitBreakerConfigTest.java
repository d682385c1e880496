package dev.authstash.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import dev.authstash.storage.CircuitBreaker.State;
import dev.authstash.storage.CircuitBreakerSettings;
import dev.authstash.storage.StorageException;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.web.RequestInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code secondaryStorage.circuitBreaker}: defaults, JSON, builder, messages, and its effect on Authstash. */
class CircuitBreakerConfigTest {
    private static AuthstashConfig parse(String json) {
        return ConfigLoader.parse(json, name -> null);
    }

    @Test
    void defaultsAreThreeFailuresAndOneSecond() {
        CircuitBreakerSettings expected = new CircuitBreakerSettings(3, Duration.ofSeconds(1));
        assertThat(AuthstashConfig.defaults().circuitBreaker()).isEqualTo(expected);
        assertThat(parse("{}").circuitBreaker()).isEqualTo(expected);
    }

    @Test
    void jsonAndBuilderGiveTheSameSettings() {
        AuthstashConfig json = parse("{\"secondaryStorage\":{\"circuitBreaker\":{\"failureThreshold\":7,"
                + "\"openSeconds\":10}}}");
        assertThat(json.circuitBreaker()).isEqualTo(new CircuitBreakerSettings(7, Duration.ofSeconds(10)));
        assertThat(AuthstashConfig.builder().circuitBreaker(7, 10).build()).isEqualTo(json);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse("{\"secondaryStorage\":{\"circuitBreaker\":{\"openSeconds\":0}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("secondaryStorage.circuitBreaker.openSeconds: must be an integer from 1 to 3600 (seconds),"
                        + " got 0");
        assertThatThrownBy(() -> parse("{\"secondaryStorage\":{\"circuitBreaker\":{\"failureThreshold\":\"5\"}}}"))
                .hasMessage("secondaryStorage.circuitBreaker.failureThreshold: expected an integer, got \"5\"");
        assertThatThrownBy(() -> parse("{\"secondaryStorage\":{\"circuitBreaker\":{\"threshold\":5}}}"))
                .hasMessageStartingWith("secondaryStorage.circuitBreaker.threshold: unknown key");
        assertThatThrownBy(() -> parse("{\"secondaryStorage\":{\"circuitBreaker\":true}}"))
                .hasMessage("secondaryStorage.circuitBreaker: expected an object, got true");
        assertThatThrownBy(() -> AuthstashConfig.builder().circuitBreaker(0, 1))
                .hasMessage("secondaryStorage.circuitBreaker.failureThreshold: must be an integer from 1 to 1000,"
                        + " got 0");
        assertThatThrownBy(() -> AuthstashConfig.builder().circuitBreaker(5, 3601))
                .hasMessage("secondaryStorage.circuitBreaker.openSeconds: must be an integer from 1 to 3600 (seconds),"
                        + " got 3601");
    }

    @Test
    void authstashUsesTheConfiguredThreshold() {
        try (RedisProcess redis = RedisProcess.launch()) {
            AuthstashConfig config = AuthstashConfig.builder().redisUrl(redis.url()).circuitBreaker(2, 30).build();
            try (Authstash a = Authstash.builder(config).environment(k -> null).secret("c".repeat(32)).build()) {
                RequestInfo request = RequestInfo.of("GET", "/x", "203.0.113.5");
                assertThat(dev.authstash.web.GateProbe.rateLimit(a.gate(), request).proceed()).isTrue();
                redis.stop();
                dev.authstash.web.GateProbe.rateLimit(a.gate(), request);
                assertThat(a.circuitBreaker().state()).isEqualTo(State.CLOSED);
                dev.authstash.web.GateProbe.rateLimit(a.gate(), request);
                assertThat(a.circuitBreaker().state()).isEqualTo(State.OPEN);
                long rejected = a.circuitBreaker().rejected();
                assertThatThrownBy(() -> a.oneTimeTokens().consumePasswordReset("some-token"))
                        .isInstanceOf(StorageException.class); // one-time values go through the same breaker
                assertThat(a.circuitBreaker().rejected()).isEqualTo(rejected + 1);
            }
        }
    }
}
