package dev.authstash.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile header data never makes the resolver throw, and its answer is always a short, key-safe string. */
class ClientIpResolverPropertyTest {
    private static final ClientIpResolver RESOLVER =
            new ClientIpResolver(new IpAddressSettings(List.of("10.0.0.0/8", "::1"), 64,
                    List.of("forwarded", "x-forwarded-for"), false));

    @Provide
    Arbitrary<String> headerish() {
        return Arbitraries.of("10.0.0.1", "198.51.100.9", "::1", "[", "]", ":", "443", ",", ";", "=", "\"", "\\",
                "for", "by", "unknown", "_x", " ", "2001:db8::1", "::ffff:", "%eth0", "\r\n", "\u0000", "é")
                .list().ofMaxSize(25).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void neverThrowsAndAnswersAKeySafeString(@ForAll("headerish") String remote,
            @ForAll("headerish") String xff, @ForAll("headerish") String forwarded, @ForAll boolean withForwarded) {
        String key = RESOLVER.resolve(remote, List.of(xff, "10.0.0.2"), withForwarded ? List.of(forwarded) : List.of());
        assertThat(key).isNotEmpty().hasSizeLessThanOrEqualTo(64).matches("[A-Za-z0-9.:_/-]+");
    }
}
