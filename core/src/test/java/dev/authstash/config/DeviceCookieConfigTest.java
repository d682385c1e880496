package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.ratelimit.DeviceCookie;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RuleKey;
import org.junit.jupiter.api.Test;

/** {@code key: "account"} and {@code deviceCookie} on a rule: read, defaults, and start-up messages naming the path. */
class DeviceCookieConfigTest {
    private static AuthstashConfig parse(String rule) {
        return ConfigLoader.parse("{\"rateLimit\":{\"customRules\":{\"/sign-in/email\":[{\"window\":60,\"max\":5},"
                + rule + "]}}}", name -> null);
    }

    private static RateLimitRule second(String rule) {
        return parse(rule).rateLimit().customRules().get(0).rules().get(1);
    }

    @Test
    void readsTheDeviceCookieWithDefaultsFromTheRule() {
        RateLimitRule r = second("{\"window\":900,\"max\":10,\"key\":\"account\",\"count\":\"failures\","
                + "\"deviceCookie\":{\"max\":4}}");
        assertThat(r.key().uses(RuleKey.Kind.ACCOUNT)).isTrue();
        assertThat(r.deviceCookie()).isEqualTo(new DeviceCookie(900, 4, DeviceCookie.DEFAULT_MAX_AGE));
        assertThat(r.deviceRule().id()).isEqualTo("/sign-in/email#2:device");
        assertThat(second("{\"window\":900,\"max\":10,\"key\":\"account\",\"deviceCookie\":{\"window\":60,\"max\":3,"
                + "\"maxAge\":86400}}").deviceCookie()).isEqualTo(new DeviceCookie(60, 3, 86400));
        assertThat(second("{\"window\":900,\"max\":10,\"key\":\"account\"}").deviceCookie()).isNull();
    }

    @Test
    void badDeviceCookiesFailAtStartUpNamingTheirPath() {
        String at = "rateLimit.customRules.\"/sign-in/email\"[1].deviceCookie";
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"body:email\",\"deviceCookie\":{}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(at + ": device cookies need a rule keyed on the account the application reports"
                        + " (\"key\": \"account\", counted by RequestGate.attempt), got key \"body:email\"");
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"account\",\"deviceCookie\":{\"max\":0}}"))
                .hasMessage(at + ".max: must be a positive integer, got 0");
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"account\",\"deviceCookie\":{\"window\":\"1\"}}"))
                .hasMessage(at + ".window: expected an integer (seconds), got \"1\"");
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"account\",\"deviceCookie\":{\"maxAge\":-5}}"))
                .hasMessageStartingWith(at + ".maxAge: must be a positive integer");
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"account\",\"deviceCookie\":{\"maxage\":5}}"))
                .hasMessageStartingWith(at + ".maxage: ");
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"account\",\"deviceCookie\":true}"))
                .hasMessage(at + ": expected an object, got true");
        assertThatThrownBy(() -> parse("{\"window\":900,\"max\":10,\"key\":\"acount\"}"))
                .hasMessageStartingWith("rateLimit.customRules.\"/sign-in/email\"[1].key: expected ip, user, account,");
    }
}
