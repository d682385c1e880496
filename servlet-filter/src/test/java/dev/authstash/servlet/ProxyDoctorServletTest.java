package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §1 over HTTP on Jetty: the proxy doctor sees forwarded headers from a peer that is not trusted (and not
 * direct traffic), health says degraded, and the mounted {@link IpDiagnosticServlet} answers the machine itself or a
 * token holder only.
 */
class ProxyDoctorServletTest {
    private static final String TOKEN = "servlet-diagnostic-token-0123456789abcdef";

    private static Authstash authstash(String... trustedProxies) {
        return Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").customRule("/sign-in/email", 60, 3)
                .trustedProxies(trustedProxies).build()).environment(k -> null).build();
    }

    private static TestServer serve(Authstash authstash, ServletHolder diagnostic) throws Exception {
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.setAttribute(AuthstashListener.ATTRIBUTE, authstash);
        context.addServlet(diagnostic, "/internal/authstash/ip");
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        return TestServer.start(context, null);
    }

    private static RequestSpecification http(TestServer server) {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT);
    }

    @Test
    void directTrafficIsNoAlarmAndForwardedHeadersFromAnUntrustedPeerAreReported() throws Exception {
        try (Authstash authstash = authstash();
             TestServer server = serve(authstash, new ServletHolder(new IpDiagnosticServlet(authstash, null)))) {
            for (int i = 0; i < 40; i++) {
                http(server).post("/api/auth/sign-in/email");
            }
            assertThat(authstash.health().status()).isEqualTo("up");
            http(server).queryParam("path", "/api/auth/sign-in/email").get("/internal/authstash/ip").then()
                    .statusCode(200).contentType("application/json").header("Cache-Control", "no-store")
                    .body("peer", equalTo("127.0.0.1")).body("clientAddress", equalTo("127.0.0.1"))
                    .body("rules[0].rule", equalTo("/sign-in/email")).body("rules[0].bucket", startsWith("b:"))
                    .body("findings", empty());

            for (int i = 0; i < 6; i++) { // a load balancer on 127.0.0.1 nobody listed
                http(server).header("X-Forwarded-For", "203.0.113." + i).post("/api/auth/sign-in/email");
            }
            assertThat(authstash.health().status()).isEqualTo("degraded");
            assertThat(authstash.health().clientAddress().get(0).message()).startsWith("authstash: requests from"
                    + " 127.0.0.1 carry forwarded headers (x-forwarded-for), but 127.0.0.1 is not in"
                    + " advanced.ipAddress.trustedProxies");
            http(server).get("/internal/authstash/ip").then().statusCode(200)
                    .body("findings.cause", hasItem("untrusted_peer"))
                    .body("findings[0].peers", hasItem("127.0.0.1"));
            // relayed by a proxy on this machine: not the machine itself
            http(server).header("X-Forwarded-For", "203.0.113.9").get("/internal/authstash/ip").then()
                    .statusCode(404).body("message", equalTo("Not Found"));
        }
    }

    @Test
    void withATokenFromWebXmlOnlyItsHoldersAreAnsweredAndTheDiagnosticIsRateLimited() throws Exception {
        ServletHolder holder = new ServletHolder(IpDiagnosticServlet.class);
        holder.setInitParameter(IpDiagnosticServlet.TOKEN_PARAM, TOKEN);
        try (Authstash authstash = authstash("127.0.0.1"); TestServer server = serve(authstash, holder)) {
            http(server).header("X-Forwarded-For", "198.51.100.7").header("X-Authstash-Diagnostic-Token", TOKEN)
                    .get("/internal/authstash/ip").then().statusCode(200)
                    .body("peerTrusted", equalTo(true)).body("clientAddress", equalTo("198.51.100.7"))
                    .body("forwardedHeaders[0].name", equalTo("x-forwarded-for"))
                    .body("forwardedHeaders[0].read", equalTo(true));
            http(server).get("/internal/authstash/ip").then().statusCode(404);
            http(server).header("X-Authstash-Diagnostic-Token", TOKEN.substring(1)).get("/internal/authstash/ip")
                    .then().statusCode(404);
            int answered = 3;
            while (answered < 30) {
                http(server).get("/internal/authstash/ip").then().statusCode(404);
                answered++;
            }
            http(server).header("X-Authstash-Diagnostic-Token", TOKEN).get("/internal/authstash/ip").then()
                    .statusCode(429);
        }
    }
}
