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
}
