package dev.authstash.web;

import static dev.authstash.web.OriginCheckTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigBuilder;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session cookie: issued, re-issued on refresh, cleared when gone or signed out, never cached. */
class SessionCookieTest {
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

    private static RequestInfo from(String remote, boolean secure, String... headers) {
        RequestInfo r = request("POST", "/api/auth/sign-in/email", headers);
        return new RequestInfo(r.method(), r.path(), remote, r.headers(), secure);
    }

    @Test
    void signInSetsAnHttpOnlyLaxCookieForTheSessionsLifetimeAndNoStore() {
        SignedIn s = gate(AuthstashConfig.builder().sessionExpiresIn(3600)).signIn(
                from("203.0.113.9", false, "User-Agent", "curl/8"), "user-1", null);
        assertThat(s.headers()).containsEntry("Set-Cookie", NAME + "=" + s.created().token()
                + "; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax").containsEntry("Cache-Control", "no-store");
        assertThat(s.created().session().ipAddress()).isEqualTo("203.0.113.9");
        assertThat(s.created().session().userAgent()).isEqualTo("curl/8");
    }

    @Test
    void httpsDirectlyOrFromATrustedProxyOrByConfigGivesSecureAndThePrefix() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.0/8"));
        String secure = "__Secure-" + NAME + "=";
        assertThat(cookie(gate, from("203.0.113.9", true))).startsWith(secure).endsWith("; Secure");
        assertThat(cookie(gate, from("10.1.2.3", false, "X-Forwarded-Proto", "https"))).startsWith(secure);
        assertThat(cookie(gate, from("203.0.113.9", false, "X-Forwarded-Proto", "https")))
                .as("an untrusted peer's X-Forwarded-Proto is ignored").startsWith(NAME + "=").doesNotContain("Secure");
        close();
        assertThat(cookie(gate(AuthstashConfig.builder().useSecureCookies(true)), from("203.0.113.9", false)))
                .startsWith(secure).endsWith("; Secure");
        close();
        assertThat(cookie(gate(AuthstashConfig.builder().baseURL("https://app.example.com")), from("::1", false)))
                .startsWith(secure);
    }

    private static String cookie(RequestGate gate, RequestInfo r) {
        return gate.signIn(r, "user-1", Map.of()).headers().get("Set-Cookie");
    }

    @Test
    void theCookieIsFoundInAnyOfSeveralCookieHeadersAndUnderThePrefixedName() {
        RequestGate gate = gate(AuthstashConfig.builder());
        String token = authstash.sessions().create("user-1", null, null, null).token();
        SessionLookup split = gate.lookup(request("GET", "/api/auth/get-session", "Cookie", "a=1; b=2",
                "Cookie", NAME + "=" + token));
        assertThat(split.session()).get().extracting(s -> s.userId()).isEqualTo("user-1");
        assertThat(split.headers()).containsEntry("Cache-Control", "no-store").doesNotContainKey("Set-Cookie");
        assertThat(gate.lookup(request("GET", "/x", "Cookie", NAME + "=garbage; __Secure-" + NAME + "=" + token))
                .session()).isPresent();
        assertThat(gate.sessionToken(request("GET", "/x", "Cookie", "a=1", "Cookie", NAME + "=" + token)))
                .isEqualTo(token);
    }

    @Test
    void aLookupThatExtendsTheSessionReissuesTheCookieWithTheNewLifetime() {
        RequestGate gate = gate(AuthstashConfig.builder().sessionExpiresIn(7 * 86400).sessionUpdateAge(86400));
        String token = authstash.sessions().create("user-1", null, null, null).token();
        RequestInfo withCookie = request("GET", "/api/auth/get-session", "Cookie", NAME + "=" + token);
        clock.advance(Duration.ofHours(2));
        assertThat(gate.lookup(withCookie).headers()).doesNotContainKey("Set-Cookie");
        clock.advance(Duration.ofDays(2));
        SessionLookup refreshed = gate.lookup(withCookie);
        assertThat(refreshed.headers()).containsEntry("Set-Cookie", NAME + "=" + token
                + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax").containsEntry("Cache-Control", "no-store");
        clock.advance(Duration.ofMinutes(1));
        assertThat(gate.lookup(withCookie).headers()).as("already extended").doesNotContainKey("Set-Cookie");
        clock.advance(Duration.ofDays(2));
        assertThat(gate.lookup(request("GET", "/x", "Authorization", "Bearer " + token)).headers())
                .as("Bearer clients get no cookie").doesNotContainKey("Set-Cookie");
    }

    @Test
    void aCookieWhoseSessionIsGoneIsCleared() {
        RequestGate gate = gate(AuthstashConfig.builder());
        String token = authstash.sessions().create("user-1", null, null, null).token();
        authstash.sessions().revoke(token);
        SessionLookup gone = gate.lookup(request("GET", "/x", "Cookie", "__Secure-" + NAME + "=" + token));
        assertThat(gone.session()).isEmpty();
        assertThat(gone.headers()).containsEntry("Set-Cookie",
                "__Secure-" + NAME + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure")
                .containsEntry("Cache-Control", "no-store");
        assertThat(gate.lookup(request("GET", "/x", "Cookie", NAME + "=garbage")).headers())
                .containsEntry("Set-Cookie", NAME + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
        assertThat(gate.lookup(request("GET", "/x", "Authorization", "Bearer " + token)).headers()).isEmpty();
        assertThat(gate.lookup(request("GET", "/x")).headers()).isEmpty();
    }

    @Test
    void signOutClearsTheCookieEvenWhenStorageIsDown() {
        try (RedisProcess redis = RedisProcess.launch()) {
            RequestGate gate = gate(AuthstashConfig.builder().redisUrl(redis.url()).socketTimeoutMillis(2000)
                    .secret("k".repeat(32)));
            String token = authstash.sessions().create("user-1", null, null, null).token();
            RequestInfo signOut = request("POST", "/api/auth/sign-out", "Cookie", NAME + "=" + token);
            redis.stop();
            GateResult failed = gate.signOut(signOut);
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.headers()).containsEntry("Set-Cookie", NAME + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax")
                    .containsKey("Retry-After");
            assertThat(gate.sessionUnavailable(signOut).headers()).containsKey("Set-Cookie");
            assertThat(gate.sessionUnavailable(request("POST", "/api/auth/update-user", "Cookie", NAME + "=" + token))
                    .headers()).as("an outage elsewhere keeps the cookie").doesNotContainKey("Set-Cookie");
            redis.start();
            clock.advance(Duration.ofSeconds(5)); // past the circuit breaker's open period
            GateResult ok = gate.signOut(signOut);
            assertThat(ok.proceed()).isTrue();
            assertThat(ok.headers()).containsKey("Set-Cookie");
            assertThat(gate.lookup(signOut).session()).isEmpty();
            assertThat(List.of(gate.signOut(request("POST", "/api/auth/sign-out")).status())).containsExactly(0);
        }
    }
}
