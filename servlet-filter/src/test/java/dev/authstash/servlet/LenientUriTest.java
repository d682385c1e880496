package dev.authstash.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jetty set to pass ambiguous URIs through (UriCompliance.UNSAFE, ambiguous servlet paths decoded): the
 * spellings Jetty normally rejects with 400 now reach the filter, which must still limit them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LenientUriTest {
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.deploy("webapp-gated", null, true);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void spellingsJettyWouldRejectAreLimitedByTheFilterItself() throws Exception {
        int port = server.port();
        assertThat(RawHttp.get(port, "/shop/api/auth/odd/target")).isEqualTo(200);
        assertThat(RawHttp.get(port, "/shop/api/auth/odd/target")).isEqualTo(200);
        assertThat(RawHttp.get(port, "/shop/api/auth/odd/target")).isEqualTo(429);

        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (String spelling : WebXmlDeploymentContract.ODD_SPELLINGS) {
            statuses.put(spelling, RawHttp.get(port, spelling));
        }
        System.out.println("lenient Jetty, odd spellings -> status: " + statuses);
        assertThat(statuses).allSatisfy((spelling, status) ->
                assertThat(status).as(spelling).isNotEqualTo(200).isBetween(400, 499));
        assertThat(statuses.get("/shop/api/auth//odd/target")).isEqualTo(429);
        assertThat(statuses.get("/shop//api/auth/odd/target")).isEqualTo(429);
        assertThat(statuses.get("/shop/api/auth/odd/%2e/target")).isEqualTo(429);
    }
}
