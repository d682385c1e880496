package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** forget-password → outbox → reset-password, end to end. */
class PasswordResetTest {
    private static final String NEW_PASSWORD = "a brand new secret";
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
    void forgetPasswordAnswersAlikeForUnknownAccountsAndMailsOnlyExistingOnes() {
        String email = Client.newEmail();
        client.signUp(email);
        Response known = client.post("/api/auth/forget-password", Map.of("email", email));
        Response unknown = client.post("/api/auth/forget-password", Map.of("email", "ghost@example.com"));
        known.then().statusCode(200);
        unknown.then().statusCode(200);
        assertThat(unknown.asString()).isEqualTo(known.asString());
        client.outbox("ghost@example.com").then().statusCode(200).body("size()", equalTo(0));
        client.outbox(email).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].to", equalTo(email)).body("[0].subject", equalTo("Reset your password"))
                .body("[0].body", org.hamcrest.Matchers.containsString("/reset-password?token="));
        client.post("/api/auth/forget-password", Map.of("email", "nope")).then().statusCode(400);
    }

    @Test
    void resetPasswordWorksOnceChangesThePasswordAndRevokesSessions() {
        String email = Client.newEmail();
        String session = client.signUp(email);
        String token = requestReset(email);

        client.post("/api/auth/reset-password", Map.of("token", token, "newPassword", NEW_PASSWORD))
                .then().statusCode(200);
        client.get("/api/auth/get-session", session).then().statusCode(401);
        client.signInRaw(email, Client.PASSWORD).then().statusCode(401);
        client.signInRaw(email, NEW_PASSWORD).then().statusCode(200);
        client.post("/api/auth/reset-password", Map.of("token", token, "newPassword", "yet another one"))
                .then().statusCode(400).body("message", equalTo("Invalid or expired token"));
        client.signInRaw(email, NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void unknownTokensAndShortPasswordsAre400AndAShortPasswordDoesNotBurnTheToken() {
        String email = Client.newEmail();
        client.signUp(email);
        String token = requestReset(email);
        client.post("/api/auth/reset-password", Map.of("token", "not-a-real-token", "newPassword", NEW_PASSWORD))
                .then().statusCode(400).body("message", equalTo("Invalid or expired token"));
        client.post("/api/auth/reset-password", Map.of("token", token, "newPassword", "short"))
                .then().statusCode(400).body("message", startsWith("newPassword must be at least 8"));
        client.post("/api/auth/reset-password", Map.of("token", token, "newPassword", NEW_PASSWORD))
                .then().statusCode(200);
    }

    @Test
    void aResetTokenIsAcceptedExactlyOnceUnderConcurrency() throws Exception {
        String email = Client.newEmail();
        client.signUp(email);
        String token = requestReset(email);
        int threads = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String password = NEW_PASSWORD + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return client.post("/api/auth/reset-password", Map.of("token", token, "newPassword", password))
                            .statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 400).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private String requestReset(String email) {
        client.post("/api/auth/forget-password", Map.of("email", email)).then().statusCode(200);
        List<Map<String, String>> messages = client.outbox(email).jsonPath().getList("$");
        String token = messages.get(messages.size() - 1).get("token");
        assertThat(token).isNotBlank();
        assertThat(messages.get(messages.size() - 1).get("body")).contains(token);
        return token;
    }
}
