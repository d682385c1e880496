package dev.authstash.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The web.xml deployment exactly as written (its own context-param: {@code classpath:servlet-memory.json},
 * in-memory storage, no trusted proxies).
 */
class MemoryWebXmlTest extends WebXmlDeploymentContract {

    @Override
    TestServer deploy() throws Exception {
        return TestServer.deploy("webapp-gated", null);
    }

    @Test
    void theListenerPublishesOneSharedInstance() {
        assertThat(server.authstash()).isNotNull();
        assertThat(server.authstash().config().session().cookieName()).isEqualTo("shop_session");
    }

    @Test
    void spoofedForwardedHeadersDoNotGetAFreshQuota() {
        http().header("X-Forwarded-For", "203.0.113.1").get("/api/auth/xff").then().statusCode(200);
        http().header("X-Forwarded-For", "203.0.113.2").get("/api/auth/xff").then().statusCode(200);

        for (String spoof : new String[] {"203.0.113.3", "198.51.100.7, 203.0.113.4", "127.0.0.2"}) {
            Response r = http().header("X-Forwarded-For", spoof).get("/api/auth/xff");
            assertThat(r.statusCode()).as(spoof).isEqualTo(429);
        }
        http().header("Forwarded", "for=192.0.2.60;proto=http").get("/api/auth/xff").then().statusCode(429);
        http().header("X-Forwarded-For", "203.0.113.5").header("X-Forwarded-For", "203.0.113.6")
                .get("/api/auth/xff").then().statusCode(429);
    }
}
