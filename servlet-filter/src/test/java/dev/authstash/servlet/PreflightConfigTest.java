package dev.authstash.servlet;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** {@code rateLimit.limitPreflight: true} makes CORS preflights count (the default is covered by the contract). */
class PreflightConfigTest {

    @Test
    void preflightsCountWhenConfigured() throws Exception {
        String config = TestConfigs.derive(root -> ((ObjectNode) root.get("rateLimit")).put("limitPreflight", true));
        try (TestServer server = TestServer.deploy("webapp-gated", config)) {
            preflight(server).then().statusCode(200);
            preflight(server).then().statusCode(200);
            preflight(server).then().statusCode(429);
        }
    }

    private static io.restassured.response.Response preflight(TestServer server) {
        RequestSpecification http = given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT);
        return http.header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .options("/api/auth/preflight");
    }
}
