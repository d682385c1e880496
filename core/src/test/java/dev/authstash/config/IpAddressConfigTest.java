package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code advanced.ipAddress.ipAddressHeaders} and {@code disableIpTracking} from JSON and the builder. */
class IpAddressConfigTest {
    private static AuthstashConfig parse(String ipAddress) {
        return ConfigLoader.parse("{\"advanced\":{\"ipAddress\":" + ipAddress + "}}", name -> null);
    }

    @Test
    void defaultsReadXForwardedForOnlyWithTrackingOn() {
        AuthstashConfig config = parse("{}");
        assertThat(config.ipAddress().ipAddressHeaders()).containsExactly("x-forwarded-for");
        assertThat(config.ipAddress().disableIpTracking()).isFalse();
    }

    @Test
    void headersAreReadInOrderLowerCased() {
        AuthstashConfig config = parse("{\"ipAddressHeaders\":[\"Forwarded\",\"x-forwarded-for\",\"x-client-id-ip\"],"
                + "\"disableIpTracking\":true}");
        assertThat(config.ipAddress().ipAddressHeaders()).containsExactly("forwarded", "x-forwarded-for", "x-client-id-ip");
        assertThat(config.ipAddress().disableIpTracking()).isTrue();
        assertThat(parse("{\"ipAddressHeaders\":[]}").ipAddress().ipAddressHeaders()).isEmpty();
    }

    @Test
    void unknownDuplicateAndInvalidHeadersAreNamedWithTheirPath() {
        assertThatThrownBy(() -> parse("{\"ipAddressHeaders\":[\"x-real-ip\",\"cf-conecting-ip\"]}"))
                .hasMessage("advanced.ipAddress.ipAddressHeaders[1]: unknown header \"cf-conecting-ip\"; did you mean"
                        + " \"cf-connecting-ip\"?");
        assertThatThrownBy(() -> parse("{\"ipAddressHeaders\":[\"x-forwarded-for\",\"forwarded\",\"X-Forwarded-For\"]}"))
                .hasMessage("advanced.ipAddress.ipAddressHeaders[2]: expected each header once, got "
                        + "\"x-forwarded-for\" again (first at [0])");
        assertThatThrownBy(() -> parse("{\"ipAddressHeaders\":[\"cookie\"]}"))
                .hasMessageStartingWith("advanced.ipAddress.ipAddressHeaders[0]: \"cookie\" never carries the client");
        assertThatThrownBy(() -> parse("{\"ipAddressHeaders\":[\"x:ip\"]}"))
                .hasMessageStartingWith("advanced.ipAddress.ipAddressHeaders[0]: expected an HTTP header name");
        assertThatThrownBy(() -> parse("{\"ipAddressHeaders\":\"x-real-ip\"}"))
                .hasMessage("advanced.ipAddress.ipAddressHeaders: expected an array of strings, got \"x-real-ip\"");
        assertThatThrownBy(() -> parse("{\"disableIpTracking\":\"yes\"}"))
                .hasMessage("advanced.ipAddress.disableIpTracking: expected true or false, got \"yes\"");
    }

    @Test
    void theBuilderSharesTheChecksAndMessages() {
        assertThat(AuthstashConfig.builder().ipAddressHeaders(List.of("X-Real-IP")).disableIpTracking(true).build()
                .ipAddress()).satisfies(ip -> {
                    assertThat(ip.ipAddressHeaders()).containsExactly("x-real-ip");
                    assertThat(ip.disableIpTracking()).isTrue();
                });
        assertThatThrownBy(() -> AuthstashConfig.builder().ipAddressHeaders("x-real-ip", "x-real-ip"))
                .hasMessage("advanced.ipAddress.ipAddressHeaders[1]: expected each header once, got \"x-real-ip\""
                        + " again (first at [0])");
    }
}
