package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigBuilder;
import dev.authstash.config.ConfigLoader;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.RateLimitRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 10: behind a trusted proxy, no header value the client writes chooses its rate-limit bucket. */
class ClientIpGateTest {
    private static final String SIGN_IN = "/api/auth/sign-in/email";
    private Authstash authstash;

    private RequestGate gate(ConfigBuilder config) {
        authstash = Authstash.builder(config.basePath("/api/auth").customRule("/sign-in/email", 60, 3).build())
                .environment(k -> null).build();
        return authstash.gate();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private static RequestInfo fromProxy(Map<String, String> headers) {
        return new RequestInfo("POST", SIGN_IN, "10.0.0.1",
                name -> headers.containsKey(name.toLowerCase()) ? List.of(headers.get(name.toLowerCase())) : List.of());
    }

    /** 10 requests with a fresh header value each: only the first 3 are let through. */
    private static void assertOneBucket(RequestGate gate, java.util.function.IntFunction<RequestInfo> request) {
        int allowed = 0;
        for (int i = 1; i <= 10; i++) {
            allowed += gate.rateLimit(request.apply(i)).proceed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(3);
    }

    @Test
    void aRotatedForwardedHeaderBuysNoFreshQuotaBehindAProxyThatAppendsXForwardedFor() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.0/8"));
        assertOneBucket(gate, i -> fromProxy(Map.of("forwarded", "for=198.51.100." + i,
                "x-forwarded-for", "203.0.113.50")));
        assertThat(gate.clientKey(fromProxy(Map.of("forwarded", "for=198.51.100.1", "x-forwarded-for", "203.0.113.50"))))
                .isEqualTo("203.0.113.50");
    }

    @Test
    void aRotatedLeftmostHopBuysNoFreshQuotaWhenEveryHopIsTrusted() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.0/8"));
        assertOneBucket(gate, i -> fromProxy(Map.of("x-forwarded-for", "10.0.0." + (100 + i) + ", 10.0.0.5")));
        assertThat(gate.clientKey(fromProxy(Map.of("x-forwarded-for", "10.0.0.150, 10.0.0.5")))).isEqualTo("10.0.0.1");
    }

    @Test
    void aListedHeaderKeysEachClientSeparately() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.0/8").ipAddressHeaders("x-real-ip"));
        for (int client = 1; client <= 3; client++) {
            Map<String, String> headers = Map.of("x-real-ip", "198.51.100." + client);
            for (int i = 0; i < 3; i++) {
                assertThat(gate.rateLimit(fromProxy(headers)).proceed()).isTrue();
            }
            assertThat(gate.rateLimit(fromProxy(headers)).status()).isEqualTo(429);
        }
        assertOneBucket(gate, i -> fromProxy(Map.of("x-forwarded-for", "203.0.113." + i)));
    }

    @Test
    void disabledIpTrackingStillAppliesRulesKeyedByAnythingButTheIp() {
        authstash = Authstash.builder(ConfigLoader.parse("""
                {"basePath": "/api/auth", "advanced": {"ipAddress": {"disableIpTracking": true}},
                 "rateLimit": {"customRules": {"/sign-in/email": {"window": 60, "max": 2, "key": "body:email"}}}}""",
                name -> null)).environment(k -> null).build();
        RequestGate gate = authstash.gate();
        RequestInfo request = RequestInfo.of("POST", SIGN_IN, "203.0.113.9");
        RequestDetails ann = TestRequests.json("{\"email\": \"ann@example.com\"}");
        assertThat(gate.rateLimit(request, ann).result().proceed()).isTrue();
        assertThat(gate.rateLimit(request, TestRequests.json("{\"email\": \"ann@example.com\"}")).result().proceed())
                .isTrue();
        assertThat(gate.rateLimit(request, TestRequests.json("{\"email\": \"ANN@example.com \"}")).result().status())
                .as("the per-account limit holds without IPs").isEqualTo(429);
        assertThat(gate.rateLimit(request, TestRequests.json("{\"email\": \"bob@example.com\"}")).result().proceed())
                .isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(gate.rateLimit(request, TestRequests.json("{}")).result().status())
                    .as("no e-mail: refused (fails closed), never an unlimited IP-less bucket").isEqualTo(400);
        }
    }

    @Test
    void disabledIpTrackingLeavesRouteAndIpRulesUnlimitedAsInBetterAuth() {
        RequestGate gate = gate(AuthstashConfig.builder().disableIpTracking(true));
        RequestInfo request = RequestInfo.of("POST", SIGN_IN, "203.0.113.9");
        for (int i = 0; i < 10; i++) {
            GateResult result = gate.rateLimit(request);
            assertThat(result.proceed()).isTrue();
            assertThat(result.headers()).isEmpty();
        }
        assertThat(gate.clientKey(request)).isNull();
        RateLimitRule perUser = new RateLimitRule("Imports#create", 60, 1, Algorithm.FIXED_WINDOW);
        assertThat(gate.rateLimit(perUser, "user:a").proceed()).isTrue();
        assertThat(gate.rateLimit(perUser, "user:a").status()).as("other keys still limited").isEqualTo(429);
        assertThat(gate.rateLimit(perUser, null).proceed()).isTrue();
    }
}
