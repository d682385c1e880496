package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled rule against credential stuffing: 10 failed sign-ins per e-mail per 15 minutes, across client IPs
 * (here simulated through a trusted proxy's X-Forwarded-For), on top of 5 per minute per IP.
 */
class AccountLockoutTest {
    private final Apps apps = new Apps();

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void anAttackerOnManyIpsLocksTheAccountAndItsOwnerIsToldToWait() {
        String config = Apps.bundledConfigWithTestTimeouts().replace("\"session\":",
                "\"advanced\": { \"ipAddress\": { \"trustedProxies\": [\"127.0.0.1/32\", \"::1/128\"] } },\n  \"session\":");
        Running app = apps.start("AUTHSTASH_CONFIG", Apps.configFile(config));
        String email = Client.newEmail();
        new Client(app).forwardedFor("192.0.2.1").signUp(email);
        for (int i = 0; i < 6; i++) {
            new Client(app).forwardedFor("192.0.2." + (10 + i)).signInRaw(email, Client.PASSWORD).then()
                    .statusCode(200); // successes never count
        }
        for (int i = 0; i < 10; i++) {
            new Client(app).forwardedFor("203.0.113." + (i + 1)).signInRaw(email, "guess " + i).then().statusCode(401);
        }
        new Client(app).forwardedFor("203.0.113.77").signInRaw(email, "guess 77").then().statusCode(429);
        Response owner = new Client(app).forwardedFor("198.51.100.9").signInRaw(email, Client.PASSWORD);
        assertThat(owner.statusCode()).isEqualTo(429);
        assertThat(owner.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2\";q=10;w=900");
        assertThat(Long.parseLong(owner.header("Retry-After"))).isBetween(800L, 900L);
        new Client(app).forwardedFor("198.51.100.9").signInRaw(Client.newEmail(), "whatever1").then()
                .statusCode(401); // other accounts are untouched
    }
}
