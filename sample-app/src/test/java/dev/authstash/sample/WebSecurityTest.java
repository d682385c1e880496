package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample app's browser-facing defences: origins, content types, cookies, links, the dev outbox. */
class WebSecurityTest {
    private static final String JSON = "Content-Type: application/json";
    private final Apps apps = new Apps();

    @AfterEach
    void stop() {
        apps.close();
    }

    private static String signUpBody(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + Client.PASSWORD + "\",\"name\":\"Ada\"}";
    }

    @Test
    void aCrossSiteTextPlainFormCannotSignAVictimIntoTheAttackersAccount() {
        Running app = apps.start();
        String email = Client.newEmail();
        new Client(app).signUp(email);
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + Client.PASSWORD + "\",\"x\":\"=\"}";
        Raw crossSite = Raw.send(app.port(), "POST", "/api/auth/sign-in/email", body,
                "Content-Type: text/plain", "Origin: https://evil.example", "Sec-Fetch-Site: cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body()).isEqualTo("{\"message\":\"Invalid origin\"}");
        assertThat(crossSite.all("Set-Cookie")).isEmpty();
        Raw sameOriginForm = Raw.send(app.port(), "POST", "/api/auth/sign-in/email", body,
                "Content-Type: text/plain", "Origin: http://localhost:" + app.port());
        assertThat(sameOriginForm.status()).isEqualTo(415);
        assertThat(sameOriginForm.body()).isEqualTo("{\"message\":\"Content-Type must be application/json\"}");
        assertThat(Raw.send(app.port(), "POST", "/api/auth/sign-in/email", body,
                "Content-Type: application/x-www-form-urlencoded").status()).as("curl, no Origin").isEqualTo(415);
        assertThat(Raw.send(app.port(), "POST", "/api/auth/sign-in/email", body,
                "Content-Type: application/json; charset=utf-8", "Origin: http://localhost:" + app.port()).status())
                .isEqualTo(200);
    }

    @Test
    void aCrossSiteRequestCarryingTheSessionCookieIs403AndBearerClientsAreExempt() {
        Running app = apps.start();
        String token = new Client(app).signUp(Client.newEmail());
        Raw forged = Raw.send(app.port(), "POST", "/api/auth/revoke-sessions", null,
                "Cookie: authstash.session_token=" + token, "Origin: https://evil.example");
        assertThat(forged.status()).isEqualTo(403);
        Raw noOrigin = Raw.send(app.port(), "POST", "/api/auth/revoke-other-sessions", null,
                "Cookie: authstash.session_token=" + token);
        assertThat(noOrigin.status()).as("a cookie without Origin/Referer is refused").isEqualTo(403);
        assertThat(Raw.send(app.port(), "POST", "/api/auth/revoke-other-sessions", null,
                "Authorization: Bearer " + token, "Origin: https://evil.example").status()).isEqualTo(200);
        assertThat(new Client(app).get("/api/auth/get-session", token).statusCode()).isEqualTo(200);
    }

    @Test
    void signOutReadsTheCookieFromAnyCookieHeaderClearsItAndNothingIsCached() {
        Running app = apps.start();
        String origin = "Origin: http://localhost:" + app.port();
        Raw signUp = Raw.send(app.port(), "POST", "/api/auth/sign-up/email", signUpBody(Client.newEmail()), JSON, origin);
        assertThat(signUp.status()).isEqualTo(200);
        assertThat(signUp.all("Cache-Control")).containsExactly("no-store");
        String cookie = signUp.all("Set-Cookie").get(0);
        assertThat(cookie).matches("authstash\\.session_token=[^;]+; Max-Age=60479\\d; Path=/; HttpOnly; SameSite=Lax");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        Raw session = Raw.send(app.port(), "GET", "/api/auth/get-session", null, "Cookie: theme=dark", "Cookie: " + pair);
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.all("Cache-Control")).containsExactly("no-store");
        Raw out = Raw.send(app.port(), "POST", "/api/auth/sign-out", null, "Cookie: theme=dark", "Cookie: " + pair, origin);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.all("Set-Cookie")).containsExactly("authstash.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
        assertThat(out.all("Cache-Control")).containsExactly("no-store");
        Raw after = Raw.send(app.port(), "GET", "/api/auth/get-session", null, "Cookie: " + pair);
        assertThat(after.status()).as("revoked, not just forgotten by the browser").isEqualTo(401);
        assertThat(after.all("Set-Cookie")).as("a cookie whose session is gone is cleared")
                .containsExactly("authstash.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void aRequestThatExtendsTheSessionGetsTheCookieAgainWithTheNewLifetime() {
        String config = Apps.bundledConfigWithTestTimeouts().replace("\"session\": {",
                "\"session\": { \"expiresIn\": 3600, \"updateAge\": 0,");
        Running app = apps.start("AUTHSTASH_CONFIG", Apps.configFile(config));
        String token = new Client(app).signUp(Client.newEmail());
        Raw refreshed = Raw.send(app.port(), "GET", "/api/auth/get-session", null,
                "Cookie: authstash.session_token=" + token);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.all("Set-Cookie")).singleElement().asString()
                .matches("authstash\\.session_token=" + token.replace(".", "\\.") + "; Max-Age=3[56]\\d\\d; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void resetLinksComeFromBaseUrlNeverFromTheHostHeader() {
        Running app = apps.start("BASE_URL", "https://app.example.com/");
        String email = Client.newEmail();
        new Client(app).signUp(email);
        Raw r = Raw.send(app.port(), "POST", "/api/auth/forget-password", "{\"email\":\"" + email + "\"}",
                JSON, "Host: evil.example");
        assertThat(r.status()).isEqualTo(200);
        String mail = new Client(app).outbox(email).jsonPath().getString("[0].body");
        assertThat(mail).contains("https://app.example.com/reset-password?token=").doesNotContain("evil");

        Running local = apps.start();
        String other = Client.newEmail();
        new Client(local).signUp(other);
        Raw.send(local.port(), "POST", "/api/auth/forget-password", "{\"email\":\"" + other + "\"}", JSON,
                "Host: evil.example:80");
        assertThat(new Client(local).outbox(other).jsonPath().getString("[0].body"))
                .contains("http://localhost:" + local.port() + "/reset-password?token=").doesNotContain("evil");
    }

    @Test
    void theDevOutboxIs404UnlessDevOutboxIsTrue() {
        Running app = apps.start("DEV_OUTBOX", "false");
        Client client = new Client(app);
        String email = Client.newEmail();
        client.signUp(email);
        client.post("/api/auth/forget-password", Map.of("email", email)).then().statusCode(200);
        Response outbox = client.outbox(email);
        outbox.then().statusCode(404).body("message", equalTo("Not found"));
        assertThat(Banner.links("http://localhost:1", false, false)).contains("dev outbox:        off");
        assertThat(Banner.links("http://localhost:1", false, true)).contains("ON at /dev/outbox")
                .contains("never in production");
        assertThat(List.of(apps.start("DEV_OUTBOX", "true")).get(0).port()).isPositive();
    }

    @Test
    void theDevOutboxAnswersOnlyRequestsStraightFromThisMachine() {
        Running app = apps.start();
        String email = Client.newEmail();
        new Client(app).signUp(email);
        assertThat(new Client(app).post("/api/auth/forget-password", "{\"email\":\"" + email + "\"}", null)
                .statusCode()).isEqualTo(200);
        Raw local = Raw.send(app.port(), "GET", "/dev/outbox?to=" + email, null);
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.body()).contains("reset-password");
        for (String forwarded : List.of("X-Forwarded-For: 203.0.113.9", "Forwarded: for=203.0.113.9",
                "X-Real-IP: 203.0.113.9")) {
            Raw relayed = Raw.send(app.port(), "GET", "/dev/outbox?to=" + email, null, forwarded);
            assertThat(relayed.status()).as(forwarded).isEqualTo(404);
            assertThat(relayed.body()).doesNotContain("reset-password");
        }
    }
}
