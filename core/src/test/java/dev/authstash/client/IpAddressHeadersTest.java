package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code advanced.ipAddress.ipAddressHeaders} and {@code disableIpTracking}, as Better Auth reads them. */
class IpAddressHeadersTest {
    private static final List<String> PROXIES = List.of("10.0.0.0/8");

    private static ClientIpResolver reading(String... headers) {
        return new ClientIpResolver(new IpAddressSettings(PROXIES, 64, List.of(headers), false));
    }

    private static Function<String, List<String>> headers(Map<String, String> values) {
        return name -> values.containsKey(name) ? List.of(values.get(name)) : List.of();
    }

    @Test
    void byDefaultOnlyXForwardedForIsRead() {
        ClientIpResolver resolver = new ClientIpResolver(new IpAddressSettings(PROXIES, 64));
        assertThat(new IpAddressSettings(PROXIES, 64).ipAddressHeaders()).containsExactly("x-forwarded-for");
        for (String header : List.of("forwarded", "x-real-ip", "cf-connecting-ip", "true-client-ip", "fly-client-ip")) {
            String value = header.equals("forwarded") ? "for=198.51.100.1" : "198.51.100.1";
            assertThat(resolver.resolve("10.0.0.1", headers(Map.of(header, value)))).as(header).isEqualTo("10.0.0.1");
        }
        assertThat(resolver.resolve("10.0.0.1", headers(Map.of("x-forwarded-for", "198.51.100.1"))))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void aListedVendorHeaderIsReadAndXForwardedForIsThenIgnored() {
        ClientIpResolver resolver = reading("CF-Connecting-IP");
        Map<String, String> both = Map.of("cf-connecting-ip", "198.51.100.7", "x-forwarded-for", "203.0.113.9");
        assertThat(resolver.resolve("10.0.0.1", headers(both))).isEqualTo("198.51.100.7");
        assertThat(resolver.resolve("10.0.0.1", headers(Map.of("x-forwarded-for", "203.0.113.9"))))
                .as("not listed").isEqualTo("10.0.0.1");
    }

    @Test
    void headersAreTriedInOrderAndOneThatNamesNobodyPassesToTheNext() {
        ClientIpResolver resolver = reading("x-real-ip", "x-forwarded-for");
        assertThat(resolver.resolve("10.0.0.1", headers(Map.of("x-real-ip", "198.51.100.7",
                "x-forwarded-for", "203.0.113.9")))).isEqualTo("198.51.100.7");
        assertThat(resolver.resolve("10.0.0.1", headers(Map.of("x-real-ip", "unknown",
                "x-forwarded-for", "203.0.113.9")))).isEqualTo("203.0.113.9");
        assertThat(resolver.resolve("10.0.0.1", headers(Map.of("x-real-ip", "10.0.0.8",
                "x-forwarded-for", "10.0.0.9")))).as("every hop trusted in both: the peer").isEqualTo("10.0.0.1");
    }

    @Test
    void listedHeadersAreIgnoredFromAnUntrustedPeer() {
        ClientIpResolver resolver = reading("forwarded", "x-real-ip");
        assertThat(resolver.resolve("203.0.113.1", headers(Map.of("forwarded", "for=198.51.100.1",
                "x-real-ip", "198.51.100.2")))).isEqualTo("203.0.113.1");
    }

    @Test
    void everyHopTrustedNeverKeysOnAClientWrittenValue() {
        ClientIpResolver resolver = new ClientIpResolver(new IpAddressSettings(PROXIES, 64));
        for (int n = 1; n < 50; n++) {
            assertThat(resolver.resolve("10.0.0.1", List.of("10.0.0." + (100 + n) + ", 10.0.0.5"), List.of()))
                    .isEqualTo("10.0.0.1");
        }
    }

    @Test
    void disabledIpTrackingHasNoClientIp() {
        ClientIpResolver resolver = new ClientIpResolver(new IpAddressSettings(PROXIES, 64, null, true));
        assertThat(resolver.tracksIp()).isFalse();
        assertThat(resolver.resolve("203.0.113.1", List.of(), List.of())).isNull();
        assertThat(resolver.resolve("10.0.0.1", List.of("198.51.100.1"), List.of())).isNull();
    }

    @Test
    void headerNamesAreCheckedLowerCasedAndUnique() {
        assertThat(new IpAddressSettings(PROXIES, 64, List.of("X-Real-IP", "x-custom-client"), false)
                .ipAddressHeaders()).containsExactly("x-real-ip", "x-custom-client");
        assertThatThrownBy(() -> new IpAddressSettings(PROXIES, 64, List.of("x-real-ip", "X-Real-IP"), false))
                .hasMessage("ipAddressHeaders[1]: expected each header once, got \"x-real-ip\" again (first at [0])");
        assertThatThrownBy(() -> new IpAddressSettings(PROXIES, 64, List.of("x-forwarded-fro"), false))
                .hasMessage("ipAddressHeaders[0]: unknown header \"x-forwarded-fro\"; did you mean \"x-forwarded-for\"?");
        assertThatThrownBy(() -> new IpAddressSettings(PROXIES, 64, List.of("x_forwarded_for"), false))
                .hasMessage("ipAddressHeaders[0]: unknown header \"x_forwarded_for\"; did you mean \"x-forwarded-for\"?");
        assertThatThrownBy(() -> new IpAddressSettings(PROXIES, 64, List.of("User-Agent"), false))
                .hasMessage("ipAddressHeaders[0]: \"user-agent\" never carries the client address; expected a header"
                        + " your proxy sets, such as \"x-forwarded-for\", \"forwarded\" or \"x-real-ip\"");
        assertThatThrownBy(() -> new IpAddressSettings(PROXIES, 64, List.of("x real ip"), false))
                .hasMessage("ipAddressHeaders[0]: expected an HTTP header name (at most 64 letters, digits and "
                        + "!#$%&'*+-.^_`|~), got \"x real ip\"");
    }
}
