package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.token.OneTimeSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 19 §4: {@code emailOTP.guessBudget} and {@code emailOTP.sendLimit} from JSON and the builder, one validation. */
class OtpBudgetConfigTest {
    private static OneTimeSettings parse(String emailOtp) {
        return ConfigLoader.parse("{\"emailOTP\": " + emailOtp + "}", name -> null).oneTime();
    }

    @Test
    void defaultsAreTenWrongGuessesAndFiveSendsPerHour() {
        OneTimeSettings d = parse("{}");
        assertThat(d.guessBudget()).isEqualTo(10);
        assertThat(d.guessBudgetWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(d.sendLimit()).isEqualTo(5);
        assertThat(d.sendLimitWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(AuthstashConfig.defaults().oneTime()).isEqualTo(d);
    }

    @Test
    void jsonAndBuilderGiveTheSameSettings() {
        OneTimeSettings json = parse("{\"guessBudget\": {\"max\": 20, \"window\": 7200},"
                + " \"sendLimit\": {\"max\": 3, \"window\": 600}}");
        assertThat(json).isEqualTo(OneTimeSettings.defaults().withGuessBudget(20, Duration.ofHours(2))
                .withSendLimit(3, Duration.ofMinutes(10)));
        assertThat(AuthstashConfig.builder().otpGuessBudget(20, 7200).otpSendLimit(3, 600).build().oneTime())
                .isEqualTo(json);
        assertThat(parse("{\"guessBudget\": {\"max\": 4}}").guessBudgetWindow()).as("window keeps its default")
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badValuesNameTheJsonPath() {
        assertError("{\"guessBudget\": {\"max\": 0}}", "emailOTP.guessBudget.max",
                "emailOTP.guessBudget.max: must be a positive integer, got 0");
        assertError("{\"guessBudget\": {\"window\": -1}}", "emailOTP.guessBudget.window",
                "emailOTP.guessBudget.window: must be a positive integer (seconds), got -1");
        assertError("{\"sendLimit\": {\"max\": \"five\"}}", "emailOTP.sendLimit.max",
                "emailOTP.sendLimit.max: expected an integer, got \"five\"");
        assertError("{\"sendLimit\": 5}", "emailOTP.sendLimit", "emailOTP.sendLimit: expected an object, got 5");
        ConfigException unknown = error("{\"sendLimit\": {\"maximum\": 5}}");
        assertThat(unknown.path()).isEqualTo("emailOTP.sendLimit.maximum");
        assertThat(unknown.getMessage()).startsWith("emailOTP.sendLimit.maximum: ");
        assertThatThrownBy(() -> AuthstashConfig.builder().otpSendLimit(0, 60))
                .hasMessage("emailOTP.sendLimit.max: must be a positive integer, got 0");
        assertThatThrownBy(() -> AuthstashConfig.builder().otpGuessBudget(10, 0))
                .hasMessage("emailOTP.guessBudget.window: must be a positive integer (seconds), got 0");
    }

    private static void assertError(String emailOtp, String path, String message) {
        ConfigException e = error(emailOtp);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.path()).isEqualTo(path);
    }

    private static ConfigException error(String emailOtp) {
        try {
            parse(emailOtp);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no error for " + emailOtp);
    }
}
