package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bundled (seed) rules, per client IP, through the servlet filter declared in web.xml. */
class RateLimitTest {
    private final Apps apps = new Apps();

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void theSixthSignInWithinTheWindowIs429WithAllHeaders() {
        Client client = new Client(apps.start());
        String email = Client.newEmail();
        client.signUp(email);
        for (int i = 1; i <= 5; i++) {
            Response allowed = client.signInRaw(email, i % 2 == 0 ? Client.PASSWORD : "wrong password");
            assertThat(allowed.statusCode()).isIn(200, 401);
            assertThat(allowed.header("RateLimit-Policy")).isNotBlank();
            assertThat(allowed.header("RateLimit")).isNotBlank();
        }
        Response limited = client.signInRaw(email, Client.PASSWORD);
        limited.then().statusCode(429).contentType("application/json")
                .body("message", equalTo("Too many requests. Please try again later."));
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(limited.header("X-Retry-After")).isEqualTo(limited.header("Retry-After"));
        assertThat(limited.header("RateLimit-Policy")).contains("5").contains("60");
        assertThat(limited.header("RateLimit")).isNotBlank();
        // other routes keep their own (global) budget
        client.get("/api/auth/get-session", null).then().statusCode(401);
        client.get("/api/v1/health", null).then().statusCode(200);
        // odd spellings of the limited path are still limited (or rejected), never served
        assertThat(client.post("/api/auth//sign-in/email/", Map.of("email", email, "password", Client.PASSWORD))
                .statusCode()).isIn(400, 429);
    }

    @Test
    void seedLimitsOfSignUpForgetPasswordAndEmailOtp() {
        Client client = new Client(apps.start());
        for (int i = 0; i < 5; i++) {
            client.signUpRaw(Client.newEmail(), Client.PASSWORD, "Ada").then().statusCode(200);
        }
        client.signUpRaw(Client.newEmail(), Client.PASSWORD, "Ada").then().statusCode(429);
        for (int i = 0; i < 3; i++) {
            client.post("/api/auth/forget-password", Map.of("email", Client.newEmail())).then().statusCode(200);
        }
        client.post("/api/auth/forget-password", Map.of("email", Client.newEmail())).then().statusCode(429);
        Map<String, String> send = Map.of("email", Client.newEmail(), "type", "email-verification");
        for (int i = 0; i < 5; i++) {
            client.post("/api/auth/email-otp/send-verification-otp", send).then().statusCode(200);
        }
        client.post("/api/auth/email-otp/send-verification-otp", send).then().statusCode(429);
    }

    @Test
    void forwardedHeadersAreIgnoredWithoutTrustedProxies() {
        Client client = new Client(apps.start());
        for (int i = 0; i < 5; i++) {
            client.forwardedFor("203.0.113." + i).signInRaw("a@example.com", "whatever1").then().statusCode(401);
        }
        client.forwardedFor("198.51.100.7").signInRaw("a@example.com", "whatever1").then().statusCode(429);
    }

    @Test
    void limitsHoldPerClientIpBehindATrustedProxy() {
        String config = Apps.configFile("""
                {
                  "basePath": "/api/auth",
                  "advanced": { "ipAddress": { "trustedProxies": ["127.0.0.1/32", "::1/128"] } },
                  "rateLimit": { "window": 60, "max": 100,
                    "customRules": { "/sign-in/email": { "window": 60, "max": 5 } } }
                }""");
        Running app = apps.start("AUTHSTASH_CONFIG", config);
        Client first = new Client(app).forwardedFor("203.0.113.10");
        Client second = new Client(app).forwardedFor("203.0.113.20");
        for (int i = 0; i < 5; i++) {
            first.signInRaw("a@example.com", "whatever1").then().statusCode(401);
        }
        first.signInRaw("a@example.com", "whatever1").then().statusCode(429);
        second.signInRaw("a@example.com", "whatever1").then().statusCode(401);
    }
}
