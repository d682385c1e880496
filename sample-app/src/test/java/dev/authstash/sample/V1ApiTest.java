package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JAX-RS resources under /api/v1 (Jersey with the authstash feature). */
class V1ApiTest {
    private final Apps apps = new Apps();
    private Client client;

    @BeforeEach
    void start() {
        client = new Client(apps.start());
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void meReturnsTheSessionsUserAnd401WithoutOne() {
        String email = Client.newEmail();
        String token = client.signUp(email);
        client.get("/api/v1/me", token).then().statusCode(200).contentType("application/json")
                .body("email", equalTo(email)).body("id", notNullValue()).body("emailVerified", equalTo(false));
        client.spec(null).cookie("authstash.session_token", token).get("/api/v1/me").then().statusCode(200);
        client.get("/api/v1/me", null).then().statusCode(401).body("message", equalTo("Unauthorized"));
        client.get("/api/v1/me", "no-such-session").then().statusCode(401);
        client.post("/api/auth/sign-out", null, token).then().statusCode(200);
        client.get("/api/v1/me", token).then().statusCode(401);
    }

    @Test
    void importsAreLimitedToTwoPerMinutePerUserIndependentlyBetweenUsers() {
        String alice = client.signUp(Client.newEmail());
        String bob = client.signUp(Client.newEmail());
        Response first = client.post("/api/v1/imports", null, alice);
        first.then().statusCode(202).body("status", equalTo("queued"));
        assertThat(first.header("RateLimit")).isNotBlank();
        client.post("/api/v1/imports", null, alice).then().statusCode(202);
        Response third = client.post("/api/v1/imports", null, alice);
        third.then().statusCode(429).body("message", equalTo("Too many requests. Please try again later."));
        assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(third.header("X-Retry-After")).isEqualTo(third.header("Retry-After"));
        assertThat(third.header("RateLimit-Policy")).contains("2").contains("60");
        client.post("/api/v1/imports", null, bob).then().statusCode(202);
        client.post("/api/v1/imports", null, bob).then().statusCode(202);
        client.post("/api/v1/imports", null, bob).then().statusCode(429);
    }

    @Test
    void importsWithoutASessionAre401() {
        client.post("/api/v1/imports", null, null).then().statusCode(401);
    }

    @Test
    void healthIsNeverLimited() {
        for (int i = 0; i < 110; i++) { // more than the global rule's 100 per 60 s
            Response r = client.get("/api/v1/health", null);
            r.then().statusCode(200).body("status", equalTo("ok"));
            assertThat(r.header("RateLimit")).isNull();
        }
    }
}
