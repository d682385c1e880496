package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Our literal parser and RFC 5952 formatter agree with the JDK's literal parsing (no lookup: inputs are literals). */
class IpLiteralPropertyTest {
    @Provide
    Arbitrary<byte[]> ipv6() {
        // mostly zero groups, so that '::' compression is exercised
        return Arbitraries.of(0, 0, 0, 1, 0xffff, 0xdb8, 0x2001).array(int[].class).ofSize(8).map(groups -> {
            byte[] out = new byte[16];
            for (int i = 0; i < 8; i++) {
                out[i * 2] = (byte) (groups[i] >> 8);
                out[i * 2 + 1] = (byte) groups[i];
            }
            return out;
        });
    }

    @Property(tries = 2000)
    void ipv6FormatRoundTripsAndMatchesTheJdk(@ForAll("ipv6") byte[] address) throws Exception {
        String text = IpLiteral.format(address);
        assertThat(IpLiteral.parse(text)).isEqualTo(address);
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(IpLiteral.unmap(address));
        assertThat(text).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]");
    }

    @Property(tries = 500)
    void ipv4FormatRoundTrips(@ForAll byte a, @ForAll byte b, @ForAll byte c, @ForAll byte d) throws Exception {
        byte[] address = {a, b, c, d};
        String text = IpLiteral.format(address);
        assertThat(IpLiteral.parse(text)).isEqualTo(address);
        assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(address);
    }
}
