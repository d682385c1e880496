package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 20 §1: the opt-in diagnostic answers only the machine itself or a token holder, hashes buckets, leaks nothing. */
class IpDiagnosticTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "diagnostic-token-0123456789abcdef0123";
    private Authstash authstash;

    private RequestGate gate(ConfigBuilder config) {
        authstash = Authstash.builder(config.basePath("/api/auth").customRule("/sign-in/email", 60, 5).build())
                .environment(k -> null).build();
        return authstash.gate();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private static GateRequest request(String peer, Map<String, String> headers) {
        return new GateRequest() {
            @Override public String method() { return "GET"; }
            @Override public String path() { return "/internal/ip"; }
            @Override public String remoteAddress() { return peer; }
            @Override public List<String> headers(String name) {
                String v = headers.get(name.toLowerCase());
                return v == null ? List.of() : List.of(v);
            }
            @Override public boolean secure() { return false; }
        };
    }

    private static JsonNode json(Diagnosis r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void answersALoopbackPeerWithoutForwardedHeadersWithWhatWasResolvedAndWhy() throws Exception {
        RequestGate gate = gate(AuthstashConfig.builder());
        Diagnosis r = gate.diagnose(request("127.0.0.1", Map.of("cookie", "better-auth.session_token=s3cr3t",
                "authorization", "Bearer t0k3n")), "/api/auth/sign-in/email", "POST", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).contains(new Header("Cache-Control", "no-store"));
        JsonNode j = json(r);
        assertThat(j.get("peer").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("peerTrusted").asBoolean()).isFalse();
        assertThat(j.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(j.get("why").asText()).isEqualTo("the TCP peer is the client: it is not in"
                + " advanced.ipAddress.trustedProxies and sent no forwarded header");
        assertThat(j.get("rules").get(0).get("rule").asText()).isEqualTo("/sign-in/email");
        assertThat(j.get("rules").get(0).get("key").asText()).isEqualTo("ip");
        assertThat(j.get("rules").get(0).get("bucket").asText()).startsWith("b:").hasSize(18)
                .doesNotContain("127.0.0.1");
        assertThat(r.body()).doesNotContain("s3cr3t").doesNotContain("t0k3n").doesNotContain("rl:");
    }

    @Test
    void everyoneElseGets404AsForAnUnknownPath() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("127.0.0.1"));
        // a remote client, and a remote client relayed by a proxy on the same machine
        for (GateRequest r : List.of(request("203.0.113.9", Map.of()),
                request("127.0.0.1", Map.of("x-forwarded-for", "203.0.113.9")),
                request("127.0.0.1", Map.of("x-real-ip", "203.0.113.9")),
                request("127.0.0.1", Map.of("forwarded", "for=203.0.113.9")),
                request(null, Map.of()))) {
            Diagnosis answer = gate.diagnose(r, null, null, null);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).isEqualTo("{\"message\":\"Not Found\"}");
        }
    }

    @Test
    void withATokenOnlyItsHoldersAreAnswered() throws Exception {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.5"));
        GateRequest viaProxy = request("10.0.0.5", Map.of("x-forwarded-for", "198.51.100.4, 203.0.113.9",
                "x-authstash-diagnostic-token", TOKEN));
        JsonNode j = json(gate.diagnose(viaProxy, "/api/auth/sign-in/email", null, TOKEN));
        assertThat(j.get("peerTrusted").asBoolean()).isTrue();
        assertThat(j.get("clientAddress").asText()).isEqualTo("203.0.113.9");
        assertThat(j.get("forwardedHeaders").get(0).get("name").asText()).isEqualTo("x-forwarded-for");
        assertThat(j.get("forwardedHeaders").get(0).get("read").asBoolean()).isTrue();
        assertThat(j.get("why").asText()).isEqualTo("the TCP peer is a trusted proxy; x-forwarded-for names"
                + " 203.0.113.9: the first hop from the right that is not a trusted proxy");
        assertThat(j.toString()).doesNotContain(TOKEN);
        assertThat(gate.diagnose(request("10.0.0.5", Map.of("x-authstash-diagnostic-token", TOKEN + "x")), null, null,
                TOKEN).status()).isEqualTo(404);
        assertThat(gate.diagnose(request("127.0.0.1", Map.of()), null, null, TOKEN).status())
                .as("with a token, loopback alone is not enough").isEqualTo(404);
        assertThatThrownBy(() -> gate.diagnose(viaProxy, null, null, "short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("diagnostic token: expected at least 32 characters, got 5");
    }

    @Test
    void itIsRateLimitedRefusedRequestsIncluded() {
        RequestGate gate = gate(AuthstashConfig.builder());
        for (int i = 0; i < IpDiagnostic.MAX_PER_MINUTE; i++) {
            gate.diagnose(request(i % 2 == 0 ? "127.0.0.1" : "203.0.113.9", Map.of()), null, null, null);
        }
        Diagnosis limited = gate.diagnose(request("127.0.0.1", Map.of()), null, null, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).anyMatch(h -> h.name().equals("Retry-After"));
    }

    @Test
    void explainsAnUnusableChainAndShowsTheFindings() throws Exception {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("127.0.0.1", "10.0.0.0/8"));
        for (int i = 0; i < 6; i++) {
            gate.rateLimit(new RequestInfo("POST", "/api/auth/sign-in/email", "10.0.0.5",
                    n -> n.equalsIgnoreCase("x-forwarded-for") ? List.of("10.1.2.3") : List.of()));
        }
        GateRequest r = request("10.0.0.5", Map.of("x-forwarded-for", "unknown", "x-authstash-diagnostic-token", TOKEN));
        JsonNode j = json(gate.diagnose(r, null, null, TOKEN));
        assertThat(j.get("why").asText()).isEqualTo("the TCP peer is a trusted proxy, but its listed header names"
                + " nobody (every hop is a trusted proxy, or a hop is not an address), so the key falls back to the peer"
                + " (fail closed)");
        assertThat(j.get("findings").get(0).get("cause").asText()).isEqualTo("unusable_chain");
    }
}
