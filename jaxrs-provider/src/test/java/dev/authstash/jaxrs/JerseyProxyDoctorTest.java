package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §1 over HTTP on Jersey: the proxy doctor reports forwarded headers from an untrusted peer (never direct
 * traffic), and the diagnostic a resource mounts with {@link JaxrsIpDiagnostic} answers only the machine itself or a
 * token holder.
 */
class JerseyProxyDoctorTest extends JaxrsAdapterContract {
    @Override
    ServletHolder jaxrsServlet(jakarta.ws.rs.core.Feature feature) {
        return new ServletHolder(new ServletContainer(new ResourceConfig(TestResources.class, DiagnosticResource.class)
                .register(feature)));
    }

    @Test
    void directTrafficIsNoAlarmAndAnUnlistedProxyIsReportedWithItsLine() throws Exception {
        deploy(memoryConfig());
        for (int i = 0; i < 40; i++) {
            signIn();
        }
        assertThat(authstash.health().clientAddress()).isEmpty();
        client().queryParam("path", "/api/auth/sign-in/email").get("/internal/ip").then().statusCode(200)
                .contentType("application/json").header("Cache-Control", "no-store")
                .body("peer", equalTo("127.0.0.1")).body("clientAddress", equalTo("127.0.0.1"))
                .body("rules[0].rule", equalTo("/sign-in/email")).body("rules[0].bucket", startsWith("b:"))
                .body("findings", empty());
        for (int i = 0; i < 6; i++) {
            signIn("X-Real-IP", "203.0.113." + i);
        }
        assertThat(authstash.health().status()).isEqualTo("degraded");
        assertThat(authstash.health().clientAddress().get(0).message()).contains("(x-real-ip)")
                .contains("\"trustedProxies\": [\"127.0.0.1\"], \"ipAddressHeaders\": [\"x-real-ip\"]");
        client().get("/internal/ip").then().statusCode(200).body("findings.cause", hasItem("untrusted_peer"));
        client().header("X-Real-IP", "203.0.113.9").get("/internal/ip").then().statusCode(404)
                .body("message", equalTo("Not Found"));
    }

    @Test
    void aTrustedProxyWithAnUnusableChainIsReportedAndTheTokenOpensTheDiagnostic() throws Exception {
        deploy(config(dev.authstash.storage.StorageSettings.defaults(), dev.authstash.ratelimit.OnStorageError.LOCAL,
                List.of("127.0.0.1", "10.0.0.0/8")));
        for (int i = 0; i < 6; i++) {
            signIn("X-Forwarded-For", "10.0.0." + i); // every hop trusted: names nobody
        }
        client().header("X-Forwarded-For", "10.0.0.9").header("X-Authstash-Diagnostic-Token", DiagnosticResource.TOKEN)
                .get("/internal/ip-token").then().statusCode(200)
                .body("peerTrusted", equalTo(true)).body("clientAddress", equalTo("127.0.0.1"))
                .body("why", startsWith("the TCP peer is a trusted proxy, but its listed header names nobody"))
                .body("findings.cause", hasItem("unusable_chain"));
        client().get("/internal/ip-token").then().statusCode(404);
    }

    /** A token shorter than 32 characters stops the application where the diagnostic is built, not every request. */
    @Test
    void aShortTokenFailsWhenTheDiagnosticIsConstructed() {
        assertThatThrownBy(() -> new JaxrsIpDiagnostic("0123456789abcdef0123456789abcde"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("authstash.diagnosticToken: expected at least 32 characters, got 31");
        assertThat(new JaxrsIpDiagnostic("0123456789abcdef0123456789abcdef")).isNotNull();
        assertThat(new JaxrsIpDiagnostic(null)).isNotNull();
    }
}
