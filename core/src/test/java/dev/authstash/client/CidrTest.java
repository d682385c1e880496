package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    @ParameterizedTest(name = "{0} contains {1} = {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "192.168.1.0/24, 192.168.1.255, true",
        "192.168.1.0/24, 192.168.2.0, false",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.4, false",
        "10.1.2.3/8, 10.9.9.9, true",            // host bits ignored
        "0.0.0.0/0, 203.0.113.7, true",
        "0.0.0.0/0, 2001:db8::1, false",          // an IPv4 range never contains IPv6
        "10.0.0.0/8, ::ffff:10.1.2.3, true",      // mapped address is IPv4
        "10.0.0.0/8, ::ffff:a01:203, true",
        "10.0.0.0/8, ::ffff:11.1.2.3, false",
        "::ffff:10.0.0.0/104, 10.1.2.3, true",    // mapped range is IPv4 /8
        "::ffff:10.0.0.0/104, ::ffff:10.1.2.3, true",
        "::ffff:10.0.0.0/104, 11.1.2.3, false",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "2001:db8:1:2::/64, 2001:db8:1:2:aaaa:bbbb:cccc:dddd, true",
        "2001:db8:1:2::/64, 2001:db8:1:3::1, false",
        "2001:DB8::/32, 2001:db8::1, true",
        "::1, ::1, true",
        "::1, 0:0:0:0:0:0:0:1, true",
        "::1, 127.0.0.1, false",
        "::/0, 2001:db8::1, true",
        "::/0, 10.0.0.1, false",                  // an IPv6 range never contains IPv4
        "fe80::/10, febf::1, true",
        "fe80::/10, fec0::1, false",
        "10.0.0.0/8, not-an-ip, false",
        "10.0.0.0/8, '', false",
        "10.0.0.0/8, localhost, false",
    })
    void contains(String cidr, String address, boolean expected) {
        assertThat(Cidr.parse(cidr).contains(address)).isEqualTo(expected);
    }

    @Test
    void containsInetAddresses() throws Exception {
        Cidr cidr = Cidr.parse("10.0.0.0/8");
        assertThat(cidr.contains(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}))).isTrue();
        assertThat(cidr.contains(InetAddress.getByAddress(new byte[] {11, 1, 2, 3}))).isFalse();
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
        assertThat(cidr.contains(java.net.Inet6Address.getByAddress(null, mapped, -1))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8::5"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3/8, 10.0.0.0/8",
        "10.1.2.3, 10.1.2.3/32",
        "2001:DB8:0:0:1::/64, 2001:db8::/64",
        "::1, ::1/128",
        "::ffff:10.1.2.3, 10.1.2.3/32",
        "::ffff:10.0.0.0/104, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1/128",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3/128",
        "::1.2.3.4, ::102:304/128",
    })
    void canonicalForm(String text, String canonical) {
        assertThat(Cidr.parse(text)).hasToString(canonical).isEqualTo(Cidr.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33|IPv4 prefix length must be 0..32",
        "2001:db8::/129|IPv6 prefix length must be 0..128",
        "10.0.0.0/|IPv4 prefix length must be 0..32",
        "10.0.0.0/-1|IPv4 prefix length must be 0..32",
        "10.0.0.0/8/9|IPv4 prefix length must be 0..32",
        "10.0.0.0/ 8|IPv4 prefix length must be 0..32",
        "10.0.0|not an IP address",
        "10.0.0.256|not an IP address",
        "010.0.0.1|not an IP address",
        "10.0.0.1.|not an IP address",
        "'1.2.3.4 '|not an IP address",
        "' 1.2.3.4'|not an IP address",
        "example.com|not an IP address",
        "localhost|not an IP address",
        "2001:db8:::1|not an IP address",
        "2001:db8::1::2|not an IP address",
        "1:2:3:4:5:6:7:8:9|not an IP address",
        "1:2:3:4:5:6:7|not an IP address",
        ":1:2:3:4:5:6:7|not an IP address",
        "12345::|not an IP address",
        "g::1|not an IP address",
        "[::1]|not an IP address",
        "fe80::1%eth0|not an IP address",
        "::ffff:1.2.3|not an IP address",
        "/8|not an IP address",
    })
    void rejectsWithAMessageQuotingTheText(String text, String detail) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32, got \""
                        + text + "\" (" + detail + ")");
    }

    @Test
    void rejectsEmptyAndNull() {
        assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("got \"\" (not an IP address)");
        assertThatThrownBy(() -> Cidr.parse(null)).hasMessageEndingWith("got null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::8", "::", "1:2:3:4:5:6:1.2.3.4", "::ffff:0.0.0.0"})
    void acceptsEveryRfc4291Spelling(String text) {
        assertThat(Cidr.parse(text).prefix()).isIn(32, 128);
    }

    @Test
    void neverResolvesNames() {
        // a name that would need DNS is rejected as text, instantly, whatever the resolver would say
        assertThatThrownBy(() -> Cidr.parse("proxy.internal.example")).hasMessageContaining("not an IP address");
        assertThat(Cidr.parse("10.0.0.0/8").contains("proxy.internal.example")).isFalse();
    }
}
