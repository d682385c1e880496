package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Columns: remote address ~ X-Forwarded-For values ('|' between header values) ~ Forwarded values ~ expected.
 * {@code BEHIND_PROXY} reads the default {@code x-forwarded-for} only; {@code READING_FORWARDED} lists
 * {@code forwarded} first, then {@code x-forwarded-for}.
 */
class ClientIpResolverTest {
    private static final ClientIpResolver UNTRUSTING = new ClientIpResolver(IpAddressSettings.defaults());
    private static final ClientIpResolver BEHIND_PROXY =
            new ClientIpResolver(new IpAddressSettings(List.of("10.0.0.0/8", "2001:db8:ffff::/48"), 64));
    private static final ClientIpResolver READING_FORWARDED = new ClientIpResolver(new IpAddressSettings(
            List.of("10.0.0.0/8", "2001:db8:ffff::/48"), 64, List.of("forwarded", "x-forwarded-for"), false));

    private static List<String> values(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split("\\|", -1));
    }

    @ParameterizedTest(name = "{0} xff={1} fwd={2} -> {3}")
    @CsvSource(delimiter = '~', value = {
        "203.0.113.7 ~ 1.2.3.4 ~ ~ 203.0.113.7",
        "203.0.113.7 ~ ~ for=1.2.3.4 ~ 203.0.113.7",
        "10.0.0.1 ~ 1.2.3.4 ~ for=1.2.3.4 ~ 10.0.0.1",
        "203.0.113.7:51234 ~ ~ ~ 203.0.113.7",
    })
    void withoutTrustedProxiesForwardedHeadersAreIgnored(String remote, String xff, String fwd, String expected) {
        assertThat(UNTRUSTING.resolve(remote, values(xff), values(fwd))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} xff={1} -> {3}")
    @CsvSource(delimiter = '~', value = {
        "203.0.113.7 ~ 1.2.3.4 ~ ~ 203.0.113.7",                            // peer is not a trusted proxy
        "10.0.0.1 ~ ~ ~ 10.0.0.1",                                          // trusted peer, no header
        "10.0.0.1 ~ 198.51.100.9 ~ ~ 198.51.100.9",
        "10.0.0.1 ~ 6.6.6.6, 7.7.7.7, 198.51.100.9 ~ ~ 198.51.100.9",       // spoofed leftmost entries ignored
        "10.0.0.1 ~ 6.6.6.6, 198.51.100.9, 10.0.0.2, 10.9.9.9 ~ ~ 198.51.100.9", // trusted hops skipped
        "10.0.0.1 ~ 6.6.6.6|198.51.100.9, 10.0.0.2 ~ ~ 198.51.100.9",       // several header values joined
        "10.0.0.1 ~ 10.0.0.3, 10.0.0.2 ~ ~ 10.0.0.1",                       // all trusted: the peer
        "10.0.0.1 ~ 198.51.100.9:5678 ~ ~ 198.51.100.9",                    // port stripped
        "10.0.0.1 ~ [2001:db8::1]:443 ~ ~ 2001:db8::/64",
        "10.0.0.1 ~ [2001:db8::1] ~ ~ 2001:db8::/64",
        "10.0.0.1 ~ 2001:db8:1:2:3:4:5:6 ~ ~ 2001:db8:1:2::/64",
        "10.0.0.1 ~ ::ffff:198.51.100.9 ~ ~ 198.51.100.9",
        "10.0.0.1 ~ '  198.51.100.9  ' ~ ~ 198.51.100.9",
        "::ffff:10.0.0.1 ~ 198.51.100.9 ~ ~ 198.51.100.9",                  // mapped peer is the IPv4 proxy
        "[2001:db8:ffff::1]:443 ~ 2001:db8:1:2::5, 2001:db8:ffff:1::1 ~ ~ 2001:db8:1:2::/64",
        "10.0.0.1 ~ 2001:db8:ffff::7 ~ ~ 10.0.0.1",                         // all trusted, IPv6: the peer
        "10.0.0.1 ~ 198.51.100.9 ~ for=203.0.113.50 ~ 198.51.100.9",        // Forwarded not listed: ignored
        "10.0.0.1 ~ ~ for=203.0.113.50 ~ 10.0.0.1",
    })
    void trustedProxyIsWalkedRightToLeft(String remote, String xff, String fwd, String expected) {
        assertThat(BEHIND_PROXY.resolve(remote, values(xff), values(fwd))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "fwd={2} -> {3}")
    @CsvSource(delimiter = '~', value = {
        "10.0.0.1 ~ ~ for=198.51.100.9 ~ 198.51.100.9",
        "10.0.0.1 ~ ~ FOR=198.51.100.9 ~ 198.51.100.9",
        "10.0.0.1 ~ ~ for=\"198.51.100.9:8080\" ~ 198.51.100.9",
        "10.0.0.1 ~ ~ proto=https;for=198.51.100.9;by=10.0.0.1 ~ 198.51.100.9",
        "10.0.0.1 ~ ~ for = 198.51.100.9 ; proto=https ~ 198.51.100.9",
        "10.0.0.1 ~ ~ for=\"[2001:db8:cafe::17]:4711\" ~ 2001:db8:cafe::/64",
        "10.0.0.1 ~ ~ for=\"[2001:db8:cafe::17]\" ~ 2001:db8:cafe::/64",
        "10.0.0.1 ~ ~ for=6.6.6.6, for=198.51.100.9 ~ 198.51.100.9",       // spoofed leftmost ignored
        "10.0.0.1 ~ ~ for=6.6.6.6|for=198.51.100.9;proto=http ~ 198.51.100.9",
        "10.0.0.1 ~ ~ for=198.51.100.9, for=10.0.0.2 ~ 198.51.100.9",
        "10.0.0.1 ~ ~ for=198.51.100.9;by=_x, for=10.0.0.2;by=\"_a,b\" ~ 198.51.100.9", // quoted comma
        "10.0.0.1 ~ ~ for=unknown ~ 10.0.0.1",
        "10.0.0.1 ~ ~ for=198.51.100.9, for=_hidden ~ 10.0.0.1",          // obfuscated nearest hop ends the walk
        "10.0.0.1 ~ ~ for=198.51.100.9, for=unknown, for=10.0.0.2 ~ 10.0.0.1", // broken chain: the peer
        "10.0.0.1 ~ 203.0.113.50 ~ for=unknown ~ 203.0.113.50",            // broken Forwarded: next header read
        "10.0.0.1 ~ 203.0.113.50 ~ for=10.0.0.7 ~ 203.0.113.50",           // all-trusted Forwarded: next header
        "10.0.0.1 ~ ~ proto=https ~ 10.0.0.1",                             // element without for=
        "10.0.0.1 ~ ~ for=\"198.51.100.9 ~ 10.0.0.1",                      // unbalanced quote
        "10.0.0.1 ~ 203.0.113.50 ~ for=198.51.100.9 ~ 198.51.100.9",       // listed first, so read first
        "10.0.0.1 ~ 203.0.113.50 ~ ' ' ~ 203.0.113.50",                    // blank Forwarded: XFF used
    })
    void forwardedHeaderWhenListed(String remote, String xff, String fwd, String expected) {
        assertThat(READING_FORWARDED.resolve(remote, values(xff), values(fwd))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "xff={1} -> {3}")
    @CsvSource(delimiter = '~', value = {
        "10.0.0.1 ~ garbage ~ ~ 10.0.0.1",
        "10.0.0.1 ~ 198.51.100.9, garbage ~ ~ 10.0.0.1",                    // never an address left of garbage
        "10.0.0.1 ~ 198.51.100.9, evil.example.com, 10.0.0.2 ~ ~ 10.0.0.1",
        "10.0.0.1 ~ garbage, 10.0.0.77 ~ ~ 10.0.0.1",                       // a trusted-looking hop: the peer
        "10.0.0.1 ~ 198.51.100.9, ~ ~ 10.0.0.1",                            // empty hop
        "10.0.0.1 ~ 198.51.100.9:99999x ~ ~ 10.0.0.1",
        "10.0.0.1 ~ 198.51.100.9:123456 ~ ~ 10.0.0.1",
        "10.0.0.1 ~ [2001:db8::1 ~ ~ 10.0.0.1",
        "10.0.0.1 ~ 1.2.3.4.5 ~ ~ 10.0.0.1",
        "10.0.0.1 ~ 0x7f.1 ~ ~ 10.0.0.1",
        "10.0.0.1 ~ \"198.51.100.9\" ~ ~ 10.0.0.1",
    })
    void garbageFailsClosedToThePeer(String remote, String xff, String fwd, String expected) {
        assertThat(BEHIND_PROXY.resolve(remote, values(xff), values(fwd))).isEqualTo(expected);
    }

    @Test
    void hugeHeadersAreBoundedAndStillResolve() {
        String huge = "1.2.3.4" + "9".repeat(100_000);
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", List.of(huge), List.of())).isEqualTo("10.0.0.1");
        String manySpoofed = "6.6.6.6, ".repeat(5_000) + "198.51.100.9";
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", List.of(manySpoofed), List.of())).isEqualTo("198.51.100.9");
        List<String> manyValues = new java.util.ArrayList<>(java.util.Collections.nCopies(10_000, "6.6.6.6"));
        manyValues.add("198.51.100.9");
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", manyValues, List.of())).isEqualTo("198.51.100.9");
        // only the nearest 64 hops are read: a client behind 100 trusted hops is keyed by the peer
        String deep = "198.51.100.9, " + "10.0.0.5, ".repeat(99) + "10.0.0.6";
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", List.of(deep), List.of())).isEqualTo("10.0.0.1");
        String shallow = "198.51.100.9, " + "10.0.0.5, ".repeat(62) + "10.0.0.6";
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", List.of(shallow), List.of())).isEqualTo("198.51.100.9");
    }

    @ParameterizedTest(name = "/{0}: {1} -> {2}")
    @CsvSource({
        "64, 2001:db8:1:2:aaaa::1, 2001:db8:1:2::/64",
        "64, 2001:db8:1:2:bbbb:cccc:dddd:eeee, 2001:db8:1:2::/64",
        "64, 2001:DB8:1:3::1, 2001:db8:1:3::/64",
        "48, 2001:db8:1:2:aaaa::1, 2001:db8:1::/48",
        "48, 2001:db8:1:ffff::1, 2001:db8:1::/48",
        "56, 2001:db8:1:2ff::1, 2001:db8:1:200::/56",
        "128, 2001:db8:1:2:aaaa::1, 2001:db8:1:2:aaaa::1/128",
        "64, ::1, ::/64",
        "64, 0:0:0:0:0:0:0:1, ::/64",
        "64, fe80::1%eth0, fe80::/64",
        "64, [2001:db8::1]:443, 2001:db8::/64",
        "64, ::ffff:203.0.113.7, 203.0.113.7",
        "48, 203.0.113.7, 203.0.113.7",
    })
    void ipv6ClientsAreGroupedBySubnet(int subnet, String remote, String expected) {
        ClientIpResolver resolver = new ClientIpResolver(new IpAddressSettings(List.of(), subnet));
        assertThat(resolver.resolve(remote, List.of(), List.of())).isEqualTo(expected);
    }

    @Test
    void unparsableRemoteAddressIsReturnedSanitized() {
        assertThat(UNTRUSTING.resolve(null, null, null)).isEqualTo("unknown");
        assertThat(UNTRUSTING.resolve("", List.of(), List.of())).isEqualTo("unknown");
        assertThat(UNTRUSTING.resolve("  ", List.of(), List.of())).isEqualTo("unknown");
        assertThat(UNTRUSTING.resolve("\u0000\r\n", List.of(), List.of())).isEqualTo("unknown");
        assertThat(BEHIND_PROXY.resolve("some host!", List.of("1.2.3.4"), List.of())).isEqualTo("some_host_");
        assertThat(UNTRUSTING.resolve("unix:/tmp/app.sock", List.of(), List.of())).isEqualTo("unix:_tmp_app.sock");
        assertThat(UNTRUSTING.resolve("h\r\nX-Evil: 1" + "a".repeat(500), List.of(), List.of()))
                .hasSize(64).startsWith("h__X-Evil:_1a").matches("[A-Za-z0-9.:_-]+");
    }

    @Test
    void nullHeaderListsAndNullValuesAreTolerated() {
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", null, null)).isEqualTo("10.0.0.1");
        assertThat(BEHIND_PROXY.resolve("10.0.0.1", Arrays.asList(null, "198.51.100.9"), Arrays.asList((String) null)))
                .isEqualTo("198.51.100.9");
    }

    @Test
    void rejectsAnInvalidTrustedProxyNamingIt() {
        IpAddressSettings settings = new IpAddressSettings(List.of("10.0.0.0/8", "proxy.local"), 64);
        assertThatThrownBy(() -> new ClientIpResolver(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trustedProxies[1]: expected an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32,"
                        + " got \"proxy.local\" (not an IP address)");
    }
}
