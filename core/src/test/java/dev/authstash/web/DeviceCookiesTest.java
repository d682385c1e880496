package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.authstash.client.ClientIpResolver;
import dev.authstash.client.IpAddressSettings;
import dev.authstash.testkit.Cases;
import dev.authstash.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device cookies: signing, binding to the account, expiry, key rotation, and garbage of every shape. */
class DeviceCookiesTest {
    private static final byte[] KEY_A = "first-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY_B = "second-secret-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

    private DeviceCookies cookies(byte[]... keys) {
        SessionCookies session = new SessionCookies(new TokenHeaders("better-auth.session_token"),
                new Scheme(new ClientIpResolver(IpAddressSettings.defaults())), false, clock);
        return new DeviceCookies("better-auth.session_token", session, clock, List.of(keys));
    }

    @Test
    void aCookieVerifiesForItsAccountOnlyAndNamesItsDevice() {
        DeviceCookies d = cookies(KEY_A);
        String value = d.value("bo@example.com", 3600);
        String nonce = d.verify(value, "bo@example.com");
        assertThat(nonce).hasSize(22).matches("[A-Za-z0-9_-]{22}");
        assertThat(d.verify(value, "al@example.com")).isNull(); // another account's cookie
        assertThat(d.verify(value, "Bo@example.com")).isNull(); // only the canonical form it was issued for
        assertThat(d.verify(d.value("bo@example.com", 3600), "bo@example.com")).isNotEqualTo(nonce); // one per issue
        assertThat(value).doesNotContain("bo").doesNotContain("example"); // the cookie names no account
    }

    @Test
    void expiredCookiesAreNoDevice() {
        DeviceCookies d = cookies(KEY_A);
        String value = d.value("bo@example.com", 60);
        clock.advance(Duration.ofSeconds(59));
        assertThat(d.verify(value, "bo@example.com")).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(d.verify(value, "bo@example.com")).isNull();
    }

    @Test
    void anotherKeysCookieIsNoDeviceAndRotationKeepsOldCookies() {
        String fromB = cookies(KEY_B).value("bo@example.com", 3600);
        assertThat(cookies(KEY_A).verify(fromB, "bo@example.com")).isNull(); // wrong key
        assertThat(cookies(KEY_A, KEY_B).verify(fromB, "bo@example.com")).isNotNull(); // B still verifies
        String fromRotated = cookies(KEY_A, KEY_B).value("bo@example.com", 3600);
        assertThat(cookies(KEY_A).verify(fromRotated, "bo@example.com")).isNotNull(); // the first key signs
    }

    @Test
    void everyTamperingIsNoDevice() {
        DeviceCookies d = cookies(KEY_A);
        String value = d.value("bo@example.com", 3600);
        String[] parts = value.split("\\.");
        String laterExp = Long.toString(Long.parseLong(parts[0], 36) + 100_000, 36);
        for (String forged : List.of(
                laterExp + "." + parts[1] + "." + parts[2], // extended expiry
                parts[0] + "." + flip(parts[1]) + "." + parts[2], // another device's bucket
                parts[0] + "." + parts[1] + "." + flip(parts[2]), // signature
                parts[0] + "." + parts[1] + "." + "A".repeat(43), // zero-ish signature
                parts[0] + "." + parts[1] + ".", parts[0] + "." + parts[1], value + ".", "." + value,
                value.toUpperCase(), value + "=", value.replace('.', ','), " " + value)) {
            assertThat(d.verify(forged, "bo@example.com")).as(forged).isNull();
        }
    }

    @Test
    void garbageOfEveryShapeIsNoDeviceNeverAnException() {
        DeviceCookies d = cookies(KEY_A, KEY_B);
        String valid = d.value("bo@example.com", 3600);
        Cases.check(2000, gen -> {
            String garbage = switch (gen.between(0, 4)) {
                case 0 -> gen.string();
                case 1 -> gen.joined(12, ".", "a", "0", "z", "-", "_", "=", "%", "\u0000", "é", "\uD800", "AAAA",
                        "zzzzzzzzzzzzz", "9999999999999", "-1", valid.substring(0, gen.between(0, valid.length())));
                case 2 -> valid.substring(0, gen.between(0, valid.length() - 1))
                        + gen.oneOf(".", "A", "_", "\u00e9", "")
                        + valid.substring(gen.between(0, valid.length()));
                case 3 -> "zzzzzzzzzzzz." + "A".repeat(22) + "." + "A".repeat(43);
                default -> gen.joined(4, "1", ".") + gen.string();
            };
            if (!garbage.equals(valid)) {
                String[] verified = new String[1];
                assertThatCode(() -> verified[0] = d.verify(garbage, "bo@example.com")).doesNotThrowAnyException();
                assertThat(verified[0]).as(garbage).isNull();
            }
            RequestInfo r = new RequestInfo("POST", "/api/auth/sign-in/email", "192.0.2.1",
                    name -> name.equalsIgnoreCase("Cookie") ? List.of(gen.oneOf("", "better-auth.device_token=",
                            "better-auth.device_token=" + garbage, "__Secure-better-auth.device_token=" + garbage
                                    + "; better-auth.device_token", garbage, ";;=;" + garbage)) : List.of(), false);
            assertThatCode(() -> d.trusted(r, "bo@example.com")).doesNotThrowAnyException();
        });
    }

    @Test
    void theCookieIsHttpOnlyLongLivedAndSecureOnHttps() {
        DeviceCookies d = cookies(KEY_A);
        RequestInfo plain = new RequestInfo("POST", "/api/auth/sign-in/email", "192.0.2.1", List.of(), List.of());
        String setCookie = d.issue(plain, "bo@example.com", 31_536_000);
        assertThat(setCookie).startsWith("better-auth.device_token=")
                .contains("; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax").doesNotContain("Secure");
        RequestInfo https = new RequestInfo("POST", "/api/auth/sign-in/email", "192.0.2.1", name -> List.of(), true);
        assertThat(d.issue(https, "bo@example.com", 60)).startsWith("__Secure-better-auth.device_token=")
                .endsWith("; Secure");
        String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        RequestInfo back = new RequestInfo("POST", "/api/auth/sign-in/email", "192.0.2.1",
                name -> name.equalsIgnoreCase("Cookie") ? List.of("a=b; better-auth.device_token=" + value) : List.of(),
                false);
        assertThat(d.trusted(back, "bo@example.com")).isNotNull();
    }

    private static String flip(String s) {
        char c = s.charAt(0);
        return (c == 'A' ? 'B' : 'A') + s.substring(1);
    }
}
