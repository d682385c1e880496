package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.MutableClock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Better Auth's trustedOrigins check in the core gate. */
class OriginCheckTest {
    private static final String COOKIE = "authstash.session_token=abc.def";
    private Authstash authstash;

    private RequestGate gate(AuthstashConfig config) {
        authstash = Authstash.builder(config).clock(new MutableClock()).environment(k -> null).build();
        return authstash.gate();
    }

    private RequestGate gate() {
        return gate(AuthstashConfig.builder().basePath("/api/auth").baseURL("https://app.example.com")
                .trustedOrigins("https://admin.example.com", "https://*.preview.example.com", "*.partner.test").build());
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    /** A request with headers given as name, value pairs. */
    static RequestInfo request(String method, String path, String... headers) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(headers[i + 1]);
        }
        return new RequestInfo(method, path, "203.0.113.9",
                name -> map.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()), false);
    }

    private static int status(GateResult r) {
        return r.proceed() ? 200 : r.status();
    }

    @Test
    void aCrossSiteFormPostWithTheSessionCookieIs403InvalidOrigin() {
        GateResult result = gate().checkOrigin(request("POST", "/api/auth/revoke-sessions", "Cookie", COOKIE,
                "Origin", "https://evil.example", "Content-Type", "text/plain"));
        assertThat(result.status()).isEqualTo(403);
        assertThat(result.body()).isEqualTo("{\"message\":\"Invalid origin\"}");
    }

    @Test
    void aCrossSiteSignInFromABrowserIs403EvenWithoutCookies() {
        RequestGate gate = gate();
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-in/email", "Origin", "https://evil.example"))))
                .isEqualTo(403);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-up/email", "Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Mode", "navigate")))).isEqualTo(403);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-in/email", "Referer",
                "https://evil.example/login")))).isEqualTo(403);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-in/email", "Origin", "null")))).isEqualTo(403);
    }

    @Test
    void trustedOriginsRefererAndSameOriginFetchMetadataPass() {
        RequestGate gate = gate();
        for (String origin : List.of("https://app.example.com", "https://APP.example.com:443", "https://admin.example.com",
                "https://pr-12.preview.example.com", "http://shop.partner.test")) {
            assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE, "Origin", origin))))
                    .as(origin).isEqualTo(200);
        }
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE,
                "Referer", "https://app.example.com/settings?tab=1")))).isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("DELETE", "/api/auth/session", "Cookie", COOKIE,
                "Sec-Fetch-Site", "same-origin")))).isEqualTo(200);
        for (String origin : List.of("https://app.example.com:8443", "http://app.example.com", "https://preview.example.com",
                "https://evil.com/.preview.example.com", "https://app.example.com.evil.com")) {
            assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE, "Origin", origin))))
                    .as(origin).isEqualTo(403);
        }
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE,
                "Sec-Fetch-Site", "same-site")))).isEqualTo(403);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE)))).isEqualTo(403);
    }

    @Test
    void bearerOnlyNonBrowserSafeMethodsAndPathsOutsideTheBaseAreExempt() {
        RequestGate gate = gate();
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Authorization", "Bearer abc.def",
                "Origin", "https://evil.example")))).isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-in/email")))).as("curl").isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/forget-password", "Origin", "https://evil.example"))))
                .as("no session cookie, not sign-in").isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("GET", "/api/auth/get-session", "Cookie", COOKIE,
                "Origin", "https://evil.example")))).isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("POST", "/other/form", "Cookie", COOKIE,
                "Origin", "https://evil.example")))).isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE,
                "Authorization", "Bearer x.y", "Origin", "https://evil.example"))))
                .as("a cookie next to a bearer token is still checked").isEqualTo(403);
        assertThat(status(gate.checkOrigin(request("POST", "/api//auth/./sign-out", "Cookie",
                "__Secure-authstash.session_token=x.y", "Origin", "https://evil.example")))).isEqualTo(403);
    }

    @Test
    void withoutBaseUrlTheRequestsOwnOriginIsTrusted() {
        RequestGate gate = gate(AuthstashConfig.builder().basePath("/api/auth").build());
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE,
                "Host", "localhost:8080", "Origin", "http://localhost:8080")))).isEqualTo(200);
        assertThat(status(gate.checkOrigin(request("POST", "/api/auth/sign-out", "Cookie", COOKIE,
                "Host", "localhost:8080", "Origin", "http://localhost:3000")))).isEqualTo(403);
    }

    @Test
    void configTakesVariablesCommaListsAndNamesBadEntries() {
        AuthstashConfig config = ConfigLoader.parse("{\"baseURL\": \"${BASE}\", \"trustedOrigins\": [\"${MORE}\"]}",
                Map.of("BASE", "https://app.example.com/", "MORE", "https://a.example.com, https://*.b.example.com")::get);
        assertThat(config.web().baseURL()).isEqualTo("https://app.example.com/");
        assertThat(config.web().trustedOrigins()).containsExactly("https://a.example.com", "https://*.b.example.com");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"trustedOrigins\": [\"https://a.example.com\", \"a.com/x\"]}",
                k -> null)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("trustedOrigins[1]: expected an origin such as \"https://app.example.com\"")
                .hasMessageEndingWith("got \"a.com/x\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"trustedOrigins\": [\"https://*.x.com/path\"]}", k -> null))
                .hasMessage("trustedOrigins[0]: expected a glob such as \"https://*.example.com\" or \"*.example.com\""
                        + " (no path), got \"https://*.x.com/path\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"baseURL\": \"app.example.com\"}", k -> null))
                .hasMessage("baseURL: expected an absolute http or https URL such as \"https://app.example.com\", "
                        + "got \"app.example.com\"");
        assertThatThrownBy(() -> AuthstashConfig.builder().trustedOrigins("ftp://"))
                .hasMessageStartingWith("trustedOrigins[0]: expected an origin");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"advanced\": {\"useSecureCookies\": \"yes\"}}", k -> null))
                .hasMessage("advanced.useSecureCookies: expected true or false, got \"yes\"");
    }
}
