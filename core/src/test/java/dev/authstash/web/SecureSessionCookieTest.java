package dev.authstash.web;

import static dev.authstash.web.OriginCheckTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigBuilder;
import dev.authstash.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §4: on a secure request only the {@code __Secure-} session cookie is read, never the plain name, which a
 * sibling subdomain or a plain-HTTP page can toss into the browser (login CSRF: the victim acts in the attacker's
 * session). Plain HTTP keeps reading both names.
 */
class SecureSessionCookieTest {
    private static final String NAME = "authstash.session_token";
    private final MutableClock clock = new MutableClock();
    private Authstash authstash;

    private RequestGate gate(ConfigBuilder config) {
        authstash = Authstash.builder(config.basePath("/api/auth").build()).clock(clock).environment(k -> null).build();
        return authstash.gate();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private static RequestInfo get(boolean secure, String cookie) {
        RequestInfo r = request("GET", "/api/auth/get-session", "Cookie", cookie);
        return new RequestInfo(r.method(), r.path(), "203.0.113.9", r.headers(), secure);
    }

    @Test
    void aSecureRequestReadsOnlyTheSecurePrefixedCookie() {
        RequestGate gate = gate(AuthstashConfig.builder());
        String tossed = authstash.sessions().create("attacker", null, null, null).token();
        String own = authstash.sessions().create("victim", null, null, null).token();
        assertThat(gate.lookup(get(true, NAME + "=" + tossed)).session()).as("plain name on HTTPS").isEmpty();
        assertThat(gate.sessionToken(get(true, NAME + "=" + tossed))).isNull();
        assertThat(gate.lookup(get(true, NAME + "=" + tossed + "; __Secure-" + NAME + "=" + own)).session())
                .get().extracting(s -> s.userId()).isEqualTo("victim");
        assertThat(gate.lookup(get(true, "__Secure-" + NAME + "=" + own)).session()).isPresent();
        assertThat(gate.lookup(get(false, NAME + "=" + own)).session()).as("plain HTTP").isPresent();
    }

    @Test
    void withSecureCookiesConfiguredThePlainNameIsIgnoredEvenOverHttp() {
        RequestGate gate = gate(AuthstashConfig.builder().useSecureCookies(true));
        String token = authstash.sessions().create("attacker", null, null, null).token();
        assertThat(gate.lookup(get(false, NAME + "=" + token)).session()).isEmpty();
        assertThat(gate.lookup(get(false, "__Secure-" + NAME + "=" + token)).session()).isPresent();
    }

    /** Issue 20 §4: get-session's answer is {@code no-store} also without a session (Better Auth's). */
    @Test
    void getSessionIsNoStoreAlsoWithoutASession() {
        RequestGate gate = gate(AuthstashConfig.builder());
        RequestInfo none = request("GET", "/api/auth/get-session");
        assertThat(gate.lookup(none).session()).isEmpty();
        assertThat(gate.lookup(none).headers()).containsEntry("Cache-Control", "no-store");
        RequestInfo bearer = request("GET", "/api/auth/get-session", "Authorization", "Bearer garbage");
        assertThat(gate.lookup(bearer).headers()).containsEntry("Cache-Control", "no-store");
        assertThat(gate.lookup(request("GET", "/api/auth/other")).headers()).doesNotContainKey("Cache-Control");
    }
}
