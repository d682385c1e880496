package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.Health;
import dev.authstash.client.ProxyDoctor;
import dev.authstash.client.ProxyDoctor.Cause;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigBuilder;
import dev.authstash.metrics.MetricsListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 20 §1: the proxy doctor finds each misconfiguration once, names the peer and the line, never for direct traffic. */
class ProxyDoctorTest {
    private static final String SIGN_IN = "/api/auth/sign-in/email";
    private final Map<String, LongAdder> counted = new ConcurrentHashMap<>();
    private Authstash authstash;

    private RequestGate gate(ConfigBuilder config) {
        MetricsListener metrics = new MetricsListener() {
            @Override
            public void ipDiagnosis(String cause) {
                counted.computeIfAbsent(cause, c -> new LongAdder()).increment();
            }
        };
        authstash = Authstash.builder(config.basePath("/api/auth").customRule("/sign-in/email", 60, 1000).build())
                .environment(k -> null).metrics(metrics).build();
        return authstash.gate();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private static RequestInfo request(String peer, Map<String, String> headers) {
        return new RequestInfo("POST", SIGN_IN, peer,
                name -> headers.containsKey(name.toLowerCase()) ? List.of(headers.get(name.toLowerCase())) : List.of());
    }

    private static void send(RequestGate gate, int n, String peer, Map<String, String> headers) {
        for (int i = 0; i < n; i++) {
            gate.rateLimit(request(peer, headers));
        }
    }

    private long counted(String cause) {
        LongAdder a = counted.get(cause);
        return a == null ? 0 : a.sum();
    }

    private List<Cause> causes() {
        return authstash.health().clientAddress().stream().map(ProxyDoctor.Finding::cause).toList();
    }

    private ProxyDoctor.Finding finding(Cause cause) {
        return authstash.health().clientAddress().stream().filter(f -> f.cause() == cause).findFirst().orElseThrow();
    }

    @Test
    void directTrafficWithoutForwardedHeadersIsNoAlarm() {
        RequestGate gate = gate(AuthstashConfig.builder());
        send(gate, 1500, "203.0.113.9", Map.of("user-agent", "curl", "cookie", "a=b")); // one NAT: all from one peer
        for (int i = 0; i < 500; i++) {
            gate.rateLimit(request("198.51.100." + (i % 250), Map.of()));
        }
        Health health = authstash.health();
        assertThat(health.clientAddress()).isEmpty();
        assertThat(health.status()).isEqualTo("up");
        assertThat(health.degraded()).isFalse();
        assertThat(counted).isEmpty();
    }

    @Test
    void aProperlyConfiguredProxyIsNoAlarm() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.5"));
        for (int i = 0; i < 200; i++) {
            gate.rateLimit(request("10.0.0.5", Map.of("x-forwarded-for", "203.0.113." + (i % 200))));
        }
        assertThat(causes()).isEmpty();
        assertThat(counted).isEmpty();
    }

    @Test
    void oneStrayForwardedHeaderIsNoAlarm() {
        RequestGate gate = gate(AuthstashConfig.builder());
        send(gate, ProxyDoctor.MIN_SAMPLES - 1, "203.0.113.9", Map.of("x-forwarded-for", "1.2.3.4"));
        send(gate, 300, "198.51.100.1", Map.of());
        assertThat(causes()).isEmpty();
        assertThat(counted("untrusted_peer")).isEqualTo(ProxyDoctor.MIN_SAMPLES - 1);
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreReportedOnceWithTheLineToAdd() {
        RequestGate gate = gate(AuthstashConfig.builder());
        String log = captured(() -> {
            send(gate, 10, "10.0.0.5", Map.of("x-forwarded-for", "203.0.113.7"));
            send(gate, 100, "198.51.100.1", Map.of()); // other, direct traffic: not a shared bucket
            send(gate, 200, "10.0.0.5", Map.of("x-forwarded-for", "203.0.113.8"));
        });
        String message = "authstash: requests from 10.0.0.5 carry forwarded headers (x-forwarded-for), but 10.0.0.5 is"
                + " not in advanced.ipAddress.trustedProxies, so the header is ignored and every client behind 10.0.0.5"
                + " is keyed on 10.0.0.5. If 10.0.0.5 is your proxy or load balancer, add it: \"advanced\":"
                + " {\"ipAddress\": {\"trustedProxies\": [\"10.0.0.5\"]}} (Spring Boot:"
                + " authstash.advanced.ip-address.trusted-proxies=10.0.0.5). If it is not, a client sends these headers"
                + " itself: nothing to change.";
        assertThat(count(log, message)).isEqualTo(1); // one WARN for the cause, not one per request
        assertThat(log).contains("WARN");
        ProxyDoctor.Finding f = finding(Cause.UNTRUSTED_PEER);
        assertThat(f.peers()).containsExactly("10.0.0.5");
        assertThat(f.message()).isEqualTo(message);
        Health health = authstash.health();
        assertThat(health.status()).isEqualTo("degraded");
        assertThat(health.degraded()).isTrue();
        assertThat(health.up()).isTrue();
        assertThat(counted("untrusted_peer")).isEqualTo(210);
    }

    @Test
    void aVendorHeaderFromAnUntrustedPeerNamesTheHeaderToList() {
        RequestGate gate = gate(AuthstashConfig.builder());
        send(gate, 10, "2001:db8::5", Map.of("cf-connecting-ip", "203.0.113.7"));
        assertThat(finding(Cause.UNTRUSTED_PEER).message()).contains("(cf-connecting-ip)")
                .contains("\"trustedProxies\": [\"2001:db8::5\"], \"ipAddressHeaders\": [\"cf-connecting-ip\"]")
                .contains("authstash.advanced.ip-address.trusted-proxies=2001:db8::5 and"
                        + " authstash.advanced.ip-address.ip-address-headers=cf-connecting-ip");
    }

    @Test
    void mostTrafficFromOnePeerWithForwardedHeadersIsASharedBucket() {
        RequestGate gate = gate(AuthstashConfig.builder());
        send(gate, 60, "10.0.0.5", Map.of("x-forwarded-for", "203.0.113.7"));
        send(gate, 20, "198.51.100.1", Map.of());
        ProxyDoctor.Finding shared = finding(Cause.SHARED_BUCKET);
        assertThat(shared.peers()).containsExactly("10.0.0.5");
        assertThat(shared.message()).isEqualTo("authstash: 75% of recent requests come from 10.0.0.5 with forwarded"
                + " headers (x-forwarded-for) but are keyed on the peer: all their clients share one rate-limit bucket,"
                + " so a few failed sign-ins from anyone lock everyone out. If 10.0.0.5 is your proxy, add it:"
                + " \"advanced\": {\"ipAddress\": {\"trustedProxies\": [\"10.0.0.5\"]}} (Spring Boot:"
                + " authstash.advanced.ip-address.trusted-proxies=10.0.0.5).");
    }

    @Test
    void aMinorityOfForwardedTrafficIsNoSharedBucket() {
        RequestGate gate = gate(AuthstashConfig.builder());
        send(gate, 30, "10.0.0.5", Map.of("x-forwarded-for", "203.0.113.7"));
        for (int i = 0; i < 100; i++) {
            gate.rateLimit(request("198.51.100." + i, Map.of()));
        }
        assertThat(causes()).containsExactly(Cause.UNTRUSTED_PEER);
    }

    @Test
    void aTrustedProxyWhoseChainIsAllTrustedOrGarbageIsReported() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.0/8"));
        send(gate, 3, "10.0.0.5", Map.of("x-forwarded-for", "10.0.0.7, 10.0.0.6"));
        send(gate, 3, "10.0.0.5", Map.of("x-forwarded-for", "unknown"));
        send(gate, 200, "10.0.0.9", Map.of("x-forwarded-for", "203.0.113.1")); // the good ones
        ProxyDoctor.Finding f = finding(Cause.UNUSABLE_CHAIN);
        assertThat(f.peers()).containsExactly("10.0.0.5");
        assertThat(f.samples()).isEqualTo(6);
        assertThat(f.message()).isEqualTo("authstash: requests from trusted proxy 10.0.0.5 carry x-forwarded-for whose"
                + " hops are all trusted proxies or not addresses, so no client is named and they are keyed on 10.0.0.5."
                + " List only your proxies, never the clients' range: \"advanced\": {\"ipAddress\": {\"trustedProxies\":"
                + " [\"10.0.0.5\"]}} (Spring Boot: authstash.advanced.ip-address.trusted-proxies=10.0.0.5), and have"
                + " 10.0.0.5 append the client's address (nginx: proxy_set_header X-Forwarded-For"
                + " $proxy_add_x_forwarded_for).");
        assertThat(causes()).containsExactly(Cause.UNUSABLE_CHAIN);
        assertThat(counted("unusable_chain")).isEqualTo(6);
        assertThat(counted("shared_bucket")).isEqualTo(6);
    }

    @Test
    void aTrustedProxySendingAnUnlistedHeaderIsReported() {
        RequestGate gate = gate(AuthstashConfig.builder().trustedProxies("10.0.0.5"));
        send(gate, 8, "10.0.0.5", Map.of("x-real-ip", "203.0.113.7"));
        assertThat(finding(Cause.UNLISTED_HEADER).message()).isEqualTo("authstash: trusted proxy 10.0.0.5 sends"
                + " x-real-ip but none of advanced.ipAddress.ipAddressHeaders [x-forwarded-for], so its requests are"
                + " keyed on 10.0.0.5. If 10.0.0.5 sets x-real-ip itself, list it: \"advanced\": {\"ipAddress\":"
                + " {\"ipAddressHeaders\": [\"x-real-ip\"]}} (Spring Boot:"
                + " authstash.advanced.ip-address.ip-address-headers=x-real-ip).");
    }

    @Test
    void memoryStaysBoundedAndSamplingStartsAfterTheWarmUp() {
        RequestGate gate = gate(AuthstashConfig.builder());
        int n = 20_000;
        for (int i = 0; i < n; i++) { // every request from a peer of its own
            gate.rateLimit(request("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
                    Map.of("x-forwarded-for", "203.0.113.7")));
        }
        ProxyDoctor.Finding f = finding(Cause.UNTRUSTED_PEER);
        assertThat(f.samples()).isLessThanOrEqualTo(ProxyDoctor.WINDOW);
        assertThat(f.peers()).hasSizeLessThanOrEqualTo(3);
        assertThat(causes()).doesNotContain(Cause.SHARED_BUCKET); // many peers: no shared bucket
        long examined = counted("untrusted_peer");
        assertThat(examined).isGreaterThan(ProxyDoctor.WARM_UP).isLessThan(n / 2); // 1024 + about 19000 / 8
    }

    @Test
    void micrometerCountsExaminedRequestsByCause() {
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        authstash = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").build()).environment(k -> null)
                .metrics(new dev.authstash.metrics.MicrometerMetrics(registry)).build();
        send(authstash.gate(), 7, "10.0.0.5", Map.of("x-forwarded-for", "203.0.113.7"));
        assertThat(registry.get("authstash.ip.diagnosis").tag("cause", "untrusted_peer").counter().count())
                .isEqualTo(7.0);
        assertThat(registry.get("authstash.ip.diagnosis").tag("cause", "shared_bucket").counter().count())
                .isEqualTo(7.0);
    }

    @Test
    void disabledIpTrackingIsNeverDiagnosed() {
        RequestGate gate = gate(AuthstashConfig.builder().disableIpTracking(true));
        send(gate, 50, "10.0.0.5", Map.of("x-forwarded-for", "203.0.113.7"));
        assertThat(causes()).isEmpty();
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    /** What slf4j-simple writes to System.err while {@code body} runs. */
    static String captured(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
