package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** list-sessions, revoke-session, revoke-sessions, revoke-other-sessions end to end. */
class SessionEndpointsTest {
    private final Apps apps = new Apps();
    private Client client;
    private String email;
    private String first;
    private String second;
    private String third;

    @BeforeEach
    void start() {
        client = new Client(apps.start());
        email = Client.newEmail();
        first = client.signUp(email);
        second = client.signIn(email);
        third = client.signIn(email);
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void listSessionsShowsTheUsersActiveSessionsWithoutTokens() {
        List<Map<String, Object>> sessions = client.get("/api/auth/list-sessions", first).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(sessions).hasSize(3).allSatisfy(s -> assertThat(s).containsKeys("id", "userId", "expiresAt")
                .doesNotContainValue(first).doesNotContainValue(second).doesNotContainValue(third));
        String other = client.signUp(Client.newEmail());
        client.get("/api/auth/list-sessions", other).then().statusCode(200).body("size()", equalTo(1));
        client.get("/api/auth/list-sessions", null).then().statusCode(401);
    }

    @Test
    void revokeSessionRevokesOnlyTheGivenSessionOfTheCaller() {
        client.post("/api/auth/revoke-session", Map.of("token", second), first).then().statusCode(200);
        client.get("/api/auth/get-session", second).then().statusCode(401);
        client.get("/api/auth/get-session", first).then().statusCode(200);
        client.get("/api/auth/list-sessions", first).then().body("size()", equalTo(2));
        client.post("/api/auth/revoke-session", Map.of(), first).then().statusCode(400)
                .body("message", equalTo("token or sessionId is required"));
    }

    @Test
    void revokeSessionTakesAnIdFromListSessionsAndThatRevocationIsFinal() {
        List<String> ids = client.get("/api/auth/list-sessions", first).then().statusCode(200)
                .extract().jsonPath().getList("id");
        String secondId = client.get("/api/auth/get-session", second).then().statusCode(200)
                .extract().path("session.id");
        assertThat(ids).hasSize(3).contains(secondId);
        client.post("/api/auth/revoke-session", Map.of("sessionId", secondId), first).then().statusCode(200)
                .body("status", equalTo(true));
        client.get("/api/auth/get-session", second).then().statusCode(401);
        client.get("/api/auth/list-sessions", first).then().body("size()", equalTo(2)).body("id", org.hamcrest.Matchers
                .not(org.hamcrest.Matchers.hasItem(secondId)));
        client.post("/api/auth/revoke-session", Map.of("sessionId", secondId), first).then().statusCode(404);
        client.post("/api/auth/revoke-session", Map.of("sessionId", 42), first).then().statusCode(400)
                .body("message", equalTo("sessionId must be a string"));
    }

    @Test
    void anIdOfAnotherUsersSessionRevokesNothing() {
        String stranger = client.signUp(Client.newEmail());
        String firstId = client.get("/api/auth/get-session", first).then().extract().path("session.id");
        client.post("/api/auth/revoke-session", Map.of("sessionId", firstId), stranger).then().statusCode(404)
                .body("message", equalTo("Session not found"));
        client.post("/api/auth/revoke-session", Map.of("sessionId", "x".repeat(43)), stranger).then().statusCode(404);
        client.get("/api/auth/get-session", first).then().statusCode(200);
    }

    @Test
    void revokeSessionCannotTouchAnotherUsersSession() {
        String stranger = client.signUp(Client.newEmail());
        client.post("/api/auth/revoke-session", Map.of("token", first), stranger).then().statusCode(404)
                .body("message", equalTo("Session not found"));
        client.get("/api/auth/get-session", first).then().statusCode(200);
    }

    @Test
    void revokeOtherSessionsKeepsOnlyTheCurrentOne() {
        client.post("/api/auth/revoke-other-sessions", null, second).then().statusCode(200);
        client.get("/api/auth/get-session", second).then().statusCode(200);
        client.get("/api/auth/get-session", first).then().statusCode(401);
        client.get("/api/auth/get-session", third).then().statusCode(401);
        client.get("/api/auth/list-sessions", second).then().body("size()", equalTo(1));
    }

    @Test
    void revokeSessionsRevokesAllOfTheUsersSessionsOnly() {
        String stranger = client.signUp(Client.newEmail());
        client.post("/api/auth/revoke-sessions", null, third).then().statusCode(200);
        for (String token : List.of(first, second, third)) {
            client.get("/api/auth/get-session", token).then().statusCode(401);
        }
        client.get("/api/auth/get-session", stranger).then().statusCode(200);
        client.post("/api/auth/revoke-sessions", null, third).then().statusCode(401);
    }
}
