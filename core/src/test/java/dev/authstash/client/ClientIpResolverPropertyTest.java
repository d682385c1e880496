package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile header data never makes the resolver throw, and its answer is always a short, key-safe string. */
class ClientIpResolverPropertyTest {
    private static final ClientIpResolver RESOLVER =
            new ClientIpResolver(new IpAddressSettings(List.of("10.0.0.0/8", "::1"), 64,
                    List.of("forwarded", "x-forwarded-for"), false));
    private static final String[] HEADERISH = {"10.0.0.1", "198.51.100.9", "::1", "[", "]", ":", "443", ",", ";", "=",
        "\"", "\\", "for", "by", "unknown", "_x", " ", "2001:db8::1", "::ffff:", "%eth0", "\r\n", "\u0000", "é"};

    @Test
    void neverThrowsAndAnswersAKeySafeString() {
        Cases.check(3000, gen -> {
            String remote = gen.joined(25, HEADERISH);
            String xff = gen.joined(25, HEADERISH);
            String forwarded = gen.joined(25, HEADERISH);
            boolean withForwarded = gen.bool();
            String key = RESOLVER.resolve(remote, List.of(xff, "10.0.0.2"), withForwarded ? List.of(forwarded) : List.of());
            assertThat(key).as("remote %s xff %s forwarded %s", remote, xff, withForwarded ? forwarded : "-")
                    .isNotEmpty().hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9.:_/-]+");
        });
    }

    private static final ClientIpResolver XFF_ONLY =
            new ClientIpResolver(new IpAddressSettings(List.of("10.0.0.0/8", "192.168.1.7", "::1", "2001:db8::/32"),
                    64, List.of("x-forwarded-for"), false));
    private static final String[] HOPS = {"10.0.0.1", "10.255.0.9", "192.168.1.7", "192.168.1.8", "198.51.100.9",
        "8.8.8.8", "0.0.0.0", "255.255.255.255", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4:80",
        "[::1]:443", "::1", "2001:db8::7", "2001:db9::7", "::ffff:10.0.0.3", "::ffff:198.51.100.4", "unknown", "",
        " 8.8.4.4 ", "\t10.0.0.4", "1.2.3.-4", "١.2.3.4", "1..3.4", ".1.2.3"};

    /**
     * One plain {@code X-Forwarded-For} value is walked in place (no split, dotted quads as ints); the answer is the
     * general parser's on the same text, which an extra empty header value forces (values are joined by commas).
     */
    @Test
    void inPlaceWalkAnswersAsTheGeneralParser() {
        Cases.check(3000, gen -> {
            List<String> hops = gen.list(70, () -> gen.oneOf(HOPS));
            String xff = String.join(gen.oneOf(",", ", ", " ,"), hops);
            String peer = gen.oneOf("127.0.0.1", "10.1.2.3", "192.168.1.7", "198.51.100.1", "::1", "[::1]:8080");
            String fast = XFF_ONLY.resolve(peer, List.of(xff), List.of());
            String general = XFF_ONLY.resolve(peer, java.util.Arrays.asList("", xff), List.of());
            assertThat(fast).as("peer %s xff %s", peer, xff).isEqualTo(general);
        });
        assertThat(XFF_ONLY.resolve("10.0.0.1", List.of("8.8.8.8, 198.51.100.9 ,10.0.0.2"), List.of()))
                .isEqualTo("198.51.100.9");
        assertThat(XFF_ONLY.resolve("10.0.0.1", List.of("8.8.8.8,1.2.3.4:80, 10.0.0.2"), List.of()))
                .isEqualTo("1.2.3.4");
        assertThat(XFF_ONLY.resolve("10.0.0.1", List.of("8.8.8.8,01.2.3.4,10.0.0.2"), List.of()))
                .as("a non-canonical hop names nobody: the peer").isEqualTo("10.0.0.1");
        assertThat(XFF_ONLY.resolve("10.0.0.1", List.of("8.8.8.8,,10.0.0.2"), List.of())).isEqualTo("10.0.0.1");
        String trusted63 = String.join(",", java.util.Collections.nCopies(63, "10.0.0.5"));
        assertThat(XFF_ONLY.resolve("10.0.0.1", List.of("8.8.8.8," + trusted63), List.of()))
                .as("the 64th hop from the right is read").isEqualTo("8.8.8.8");
        assertThat(XFF_ONLY.resolve("10.0.0.1", List.of("8.8.8.8,10.0.0.5," + trusted63), List.of()))
                .as("the 65th is not: only the last 64 hops count").isEqualTo("10.0.0.1");
        assertThat(XFF_ONLY.resolve("198.51.100.1", List.of("8.8.8.8"), List.of()))
                .as("an untrusted peer is the client").isEqualTo("198.51.100.1");
    }

    /** The in-place IPv4 reader accepts exactly what the strict parser accepts, with the same address. */
    @Test
    void inPlaceDottedQuadMatchesTheStrictParser() {
        String[] parts = {"0", "1", "9", "10", "99", "100", "255", "256", "300", "01", "001", "", "a", "-1", "1a"};
        Cases.check(3000, gen -> {
            String text = String.join(".", gen.list(6, () -> gen.oneOf(parts)));
            byte[] strict = IpLiteral.parseV4(text);
            String padded = "x" + text + ",";
            long inPlace = IpLiteral.v4(padded, 1, padded.length() - 1);
            if (strict == null) {
                assertThat(inPlace).as(text).isEqualTo(-1);
            } else {
                long expected = (strict[0] & 0xffL) << 24 | (strict[1] & 0xff) << 16 | (strict[2] & 0xff) << 8
                        | (strict[3] & 0xff);
                assertThat(inPlace).as(text).isEqualTo(expected);
                assertThat(IpLiteral.format(strict)).as("accepted text is canonical").isEqualTo(text);
            }
        });
    }

    /** An IPv4 address tested as a 32-bit value is in a range exactly when its bytes are. */
    @Test
    void intRangeTestMatchesByteRangeTest() {
        Cases.check(3000, gen -> {
            byte[] address = {gen.anyByte(), gen.anyByte(), gen.anyByte(), gen.anyByte()};
            byte[] base = gen.bool() ? address.clone() : new byte[] {gen.anyByte(), gen.anyByte(), 0, 0};
            Cidr cidr = Cidr.parse(gen.bool() ? IpLiteral.format(base) + "/" + gen.between(0, 32)
                    : "::ffff:" + IpLiteral.format(base) + "/" + gen.between(96, 128));
            int value = (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8
                    | (address[3] & 0xff);
            assertThat(cidr.containsV4(value)).as("%s in %s", IpLiteral.format(address), cidr)
                    .isEqualTo(cidr.contains(address));
        });
        assertThat(Cidr.parse("2001:db8::/32").containsV4(0x20010db8)).as("IPv6 ranges hold no IPv4").isFalse();
    }

    /** Port and zone suffixes are checked by char loops; they accept exactly what these patterns accept. */
    @Test
    void portAndZoneChecksMatchTheirPatterns() {
        String[] hosts = {"1.2.3.4", "::1", "fe80::1", "2001:db8::1", "x", ""};
        String[] zones = {"", "", "%eth0", "%", "%en_0.1-x", "%a/b", "%" + "a".repeat(32), "%" + "a".repeat(33), "%é"};
        String[] ports = {"", "", ":", ":8", ":80", ":65535", ":123456", ":12a", ":\u0663", "::", ":-1"};
        Cases.check(3000, gen -> {
            boolean bracketed = gen.bool();
            String hop = gen.oneOf("", " ") + (bracketed ? "[" : "") + gen.oneOf(hosts) + gen.oneOf(zones)
                    + (bracketed && gen.between(0, 5) > 0 ? "]" : "") + gen.oneOf(ports) + gen.oneOf("", " ");
            assertThat(ForwardedHops.address(hop)).as(hop).isEqualTo(reference(hop));
        });
    }

    /** The hop parser as first written, with regular expressions. */
    private static byte[] reference(String hop) {
        if (hop == null || hop.length() > 100) {
            return null;
        }
        String host = hop.trim();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            String rest = close < 0 ? null : host.substring(close + 1);
            if (close < 0 || !(rest.isEmpty() || rest.matches(":[0-9]{1,5}"))) {
                return null;
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            int colon = host.indexOf(':');
            if (!host.substring(colon).matches(":[0-9]{1,5}")) {
                return null;
            }
            host = host.substring(0, colon);
        }
        int zone = host.indexOf('%');
        if (zone >= 0 && host.indexOf(':') >= 0 && host.substring(zone + 1).matches("[A-Za-z0-9_.-]{1,32}")) {
            host = host.substring(0, zone);
        }
        return IpLiteral.parse(host);
    }
}
