package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.session.CreatedSession;
import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestGateTest {
    private static final String BODY = "{\"message\":\"Too many requests. Please try again later.\"}";
    private final MutableClock clock = new MutableClock();
    private Authstash authstash;

    private RequestGate gate(AuthstashConfig config) {
        authstash = Authstash.builder(config).clock(clock).environment(k -> null).build();
        return authstash.gate();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private static AuthstashConfig config() {
        return AuthstashConfig.builder().basePath("/api/auth").rateLimit(60, 100)
                .customRule("/sign-in/email", 60, 2).neverLimit("/ok").protectedPaths("/api/v1/**").build();
    }

    private static RequestInfo post(String path) {
        return RequestInfo.of("POST", path, "203.0.113.9");
    }

    @Test
    void allowedRequestsCarryHeadersAndTheThirdIsRefusedWithAllOfThem() {
        RequestGate gate = gate(config());
        GateResult first = gate.rateLimit(post("/api/auth/sign-in/email"));
        assertThat(first.proceed()).isTrue();
        assertThat(first.headers()).containsEntry("RateLimit-Policy", "\"/sign-in/email\";q=2;w=60")
                .containsEntry("RateLimit", "\"/sign-in/email\";r=1;t=60");
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email")).proceed()).isTrue();
        GateResult refused = gate.rateLimit(post("/api/auth/sign-in/email"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo(BODY);
        assertThat(refused.headers()).containsEntry("Retry-After", "60").containsEntry("X-Retry-After", "60")
                .containsEntry("RateLimit", "\"/sign-in/email\";r=0;t=60").containsKey("RateLimit-Policy");
        assertThat(refused.headers().keySet()).as("in order")
                .containsExactly("RateLimit-Policy", "RateLimit", "Retry-After", "X-Retry-After");
        assertThat(refused.headers()).isEqualTo(new java.util.LinkedHashMap<>(refused.headers()));
        assertThatThrownBy(() -> refused.headers().put("Retry-After", "0"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new GateResult(0, first.headers(), null).headers().keySet()).as("copied in order")
                .containsExactly("RateLimit-Policy", "RateLimit");
        clock.advance(Duration.ofSeconds(60));
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email")).proceed()).isTrue();
    }

    @Test
    void oddSpellingsShareTheCounterAndBadPathsAre400() {
        RequestGate gate = gate(config());
        assertThat(gate.rateLimit(post("/api/auth//sign-in/./email/")).proceed()).isTrue();
        assertThat(gate.rateLimit(post("/api/auth/sign-in/%65mail;jsessionid=1")).proceed()).isTrue();
        assertThat(gate.rateLimit(post("/api/auth/x/../sign-in/email")).status()).isEqualTo(429);
        GateResult bad = gate.rateLimit(post("/api/auth/sign-in/%zz"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"message\":\"Invalid request path.\"}");
    }

    @Test
    void unlimitedRoutesPathsOutsideTheBaseAndPreflightProceedWithoutHeaders() {
        RequestGate gate = gate(config());
        for (int i = 0; i < 5; i++) {
            assertThat(gate.rateLimit(post("/api/auth/ok"))).isEqualTo(GateResult.PROCEED);
            assertThat(gate.rateLimit(post("/elsewhere"))).isEqualTo(GateResult.PROCEED);
            assertThat(gate.rateLimit(RequestInfo.of("OPTIONS", "/api/auth/sign-in/email", "203.0.113.9")))
                    .isEqualTo(GateResult.PROCEED);
        }
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email")).headers()).containsEntry("RateLimit",
                "\"/sign-in/email\";r=1;t=60");
    }

    @Test
    void preflightCountsWhenConfigured() {
        RequestGate gate = gate(AuthstashConfig.builder().basePath("/api/auth").customRule("/sign-in/email", 60, 1)
                .limitPreflight(true).build());
        RequestInfo options = RequestInfo.of("OPTIONS", "/api/auth/sign-in/email", "203.0.113.9");
        assertThat(gate.rateLimit(options).proceed()).isTrue();
        assertThat(gate.rateLimit(options).status()).isEqualTo(429);
    }

    @Test
    void forgedForwardedHeadersDoNotBuyAFreshQuotaWithoutTrustedProxies() {
        RequestGate gate = gate(config());
        gate.rateLimit(post("/api/auth/sign-in/email"));
        gate.rateLimit(post("/api/auth/sign-in/email"));
        RequestInfo forged = new RequestInfo("POST", "/api/auth/sign-in/email", "203.0.113.9",
                List.of("198.51.100.1"), List.of("for=198.51.100.2"));
        assertThat(gate.rateLimit(forged).status()).isEqualTo(429);
        assertThat(gate.clientKey(forged)).isEqualTo("203.0.113.9");
    }

    @Test
    void trustedProxyForwardsTheClientAddress() {
        RequestGate gate = gate(AuthstashConfig.builder().basePath("/api/auth").customRule("/sign-in/email", 60, 1)
                .trustedProxies("10.0.0.0/8").build());
        RequestInfo a = new RequestInfo("POST", "/api/auth/sign-in/email", "10.1.2.3", List.of("198.51.100.1"), null);
        RequestInfo b = new RequestInfo("POST", "/api/auth/sign-in/email", "10.1.2.3", List.of("198.51.100.2"), null);
        assertThat(gate.rateLimit(a).proceed()).isTrue();
        assertThat(gate.rateLimit(a).status()).isEqualTo(429);
        assertThat(gate.rateLimit(b).proceed()).isTrue();
    }

    @Test
    void explicitRulesAreCountedPerKey() {
        RequestGate gate = gate(config());
        RateLimitRule imports = new RateLimitRule("Imports#create", 60, 1, Algorithm.FIXED_WINDOW);
        assertThat(gate.rateLimit(imports, "user:a").proceed()).isTrue();
        assertThat(gate.rateLimit(imports, "user:a").status()).isEqualTo(429);
        assertThat(gate.rateLimit(imports, "user:b").proceed()).isTrue();
    }

    @Test
    void sessionsAreFoundByCookieOrBearerAndGarbageIsNoSession() {
        RequestGate gate = gate(config());
        CreatedSession created = authstash.sessions().create("user-1", "203.0.113.9", "test", Map.of());
        String token = created.token();
        assertThat(gate.sessionToken("a=b; authstash.session_token=" + token + "; c=d", null)).isEqualTo(token);
        assertThat(gate.sessionToken(null, "Bearer " + token)).isEqualTo(token);
        assertThat(gate.sessionToken("other=x", "Basic abc")).isNull();
        assertThat(gate.session(token)).get().extracting(s -> s.userId()).isEqualTo("user-1");
        assertThat(gate.session("garbage")).isEmpty();
        assertThat(gate.session("x".repeat(100_000))).isEmpty();
        assertThat(gate.session("\u0000<script>")).isEmpty();
        assertThat(gate.session(null)).isEmpty();
    }

    @Test
    void protectedPathsNeedASessionInEverySpelling() {
        RequestGate gate = gate(config());
        assertThat(gate.requiresSession(RequestInfo.of("GET", "/api/v1/me", "::1"))).isTrue();
        assertThat(gate.requiresSession(RequestInfo.of("GET", "/api//v1/./me/", "::1"))).isTrue();
        assertThat(gate.requiresSession(RequestInfo.of("GET", "/api/%761/me", "::1"))).isTrue();
        assertThat(gate.requiresSession(RequestInfo.of("GET", "/api/auth/get-session", "::1"))).isFalse();
        assertThat(gate.unauthorized().status()).isEqualTo(401);
        assertThat(gate.unauthorized().headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(gate.unavailable().status()).isEqualTo(503);
        assertThat(gate.unavailable().headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void sessionStorageDownIs503ExceptOutsideProtectedPathsUnderAllow() {
        RequestInfo open = RequestInfo.of("GET", "/public", "203.0.113.9");
        RequestInfo guarded = RequestInfo.of("GET", "/api/v1/me", "203.0.113.9");
        RequestGate deny = gate(config());
        assertThat(deny.sessionStorageDown(open).status()).isEqualTo(503);
        assertThat(deny.sessionStorageDown(guarded).status()).isEqualTo(503);
        authstash.close();
        RequestGate allow = gate(AuthstashConfig.builder().protectedPaths("/api/v1/**")
                .onStorageError(dev.authstash.ratelimit.OnStorageError.ALLOW).build());
        assertThat(allow.sessionStorageDown(open)).isSameAs(GateResult.PROCEED);
        assertThat(allow.sessionStorageDown(guarded).status()).isEqualTo(503);
        assertThat(allow.sessionStorageDown(guarded).headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void proceedIsStatusZeroAndNeverAnHttpStatus() {
        assertThat(GateResult.PROCEED.status()).isEqualTo(GateResult.PROCEED_STATUS).isZero();
        GateResult withHeaders = GateResult.proceed(Map.of("RateLimit", "x"));
        assertThat(withHeaders.proceed()).isTrue();
        assertThat(withHeaders.body()).isNull();
        assertThat(new GateResult(429, Map.of(), "{}").proceed()).isFalse();
    }
}
