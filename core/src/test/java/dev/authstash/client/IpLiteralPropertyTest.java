package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Our literal parser and RFC 5952 formatter agree with the JDK's literal parsing (no lookup: inputs are literals). */
class IpLiteralPropertyTest {
    // mostly zero groups, so that '::' compression is exercised
    private static final Integer[] GROUPS = {0, 0, 0, 1, 0xffff, 0xdb8, 0x2001};

    @Test
    void ipv6FormatRoundTripsAndMatchesTheJdk() {
        Cases.check(2000, gen -> {
            byte[] address = new byte[16];
            for (int i = 0; i < 8; i++) {
                int group = gen.oneOf(GROUPS);
                address[i * 2] = (byte) (group >> 8);
                address[i * 2 + 1] = (byte) group;
            }
            String text = IpLiteral.format(address);
            assertThat(IpLiteral.parse(text)).as(text).isEqualTo(address);
            assertThat(InetAddress.getByName(text).getAddress()).as(text).isEqualTo(IpLiteral.unmap(address));
            assertThat(text).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]");
        });
    }

    @Test
    void ipv4FormatRoundTrips() {
        Cases.check(500, gen -> {
            byte[] address = {gen.anyByte(), gen.anyByte(), gen.anyByte(), gen.anyByte()};
            String text = IpLiteral.format(address);
            assertThat(IpLiteral.parse(text)).as(text).isEqualTo(address);
            assertThat(InetAddress.getByName(text).getAddress()).as(text).isEqualTo(address);
        });
    }
}
