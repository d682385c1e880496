package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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

/** sign-up, sign-in, get-session, sign-out end to end against a running instance (memory storage, H2). */
class AccountEndpointsTest {
    private final Apps apps = new Apps();
    private final String db = Apps.sharedH2();
    private Client client;

    @BeforeEach
    void start() {
        client = new Client(apps.start("DATABASE_URL", db));
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void signUpReturnsTokenUserAndAnHttpOnlySameSiteCookie() {
        String email = Client.newEmail();
        Response r = client.signUpRaw(email, Client.PASSWORD, "Ada Lovelace");
        r.then().statusCode(200).contentType("application/json")
                .body("user.email", equalTo(email)).body("user.name", equalTo("Ada Lovelace"))
                .body("user.emailVerified", equalTo(false)).body("token", not(emptyOrNullString()));
        assertThat(r.jsonPath().getMap("user")).containsOnlyKeys("id", "email", "name", "emailVerified");
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).startsWith("authstash.session_token=" + r.path("token")).contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").contains("Path=/");
    }

    @Test
    void signUpRejectsInvalidInputWith400NamingTheField() {
        client.signUpRaw("not-an-email", Client.PASSWORD, "Ada").then().statusCode(400)
                .body("message", equalTo("email is not a valid email address"));
        client.signUpRaw(Client.newEmail(), "short", "Ada").then().statusCode(400)
                .body("message", equalTo("password must be at least 8 characters"));
        client.post("/api/auth/sign-up/email", Map.of("email", Client.newEmail(), "password", Client.PASSWORD))
                .then().statusCode(400).body("message", equalTo("name is required"));
        client.post("/api/auth/sign-up/email", "{\"email\": 12, ").then().statusCode(400)
                .body("message", equalTo("Invalid JSON body"));
    }

    @Test
    void signUpWithATakenEmailIs422EvenUnderConcurrency() throws Exception {
        String email = Client.newEmail();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) { // 5 = the sign-up limit per IP per minute
                results.add(pool.submit(() -> {
                    go.await();
                    return client.signUpRaw(email.toUpperCase(), Client.PASSWORD, "Ada").statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 422).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signInChecksThePasswordAndStoresOnlyAPbkdf2Hash() throws Exception {
        String email = Client.newEmail();
        client.signUp(email);
        client.signInRaw(email, Client.PASSWORD).then().statusCode(200).body("user.email", equalTo(email))
                .header("Set-Cookie", org.hamcrest.Matchers.containsString("HttpOnly"));
        client.signInRaw(email, Client.PASSWORD + "x").then().statusCode(401)
                .body("message", equalTo("Invalid email or password"));
        client.signInRaw("nobody@example.com", Client.PASSWORD).then().statusCode(401)
                .body("message", equalTo("Invalid email or password"));
        try (Connection c = DriverManager.getConnection(db);
             ResultSet rs = c.createStatement().executeQuery("SELECT password_hash FROM users")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$210000$").doesNotContain(Client.PASSWORD);
        }
    }

    @Test
    void getSessionByCookieOrBearerAnd401WithoutAValidSession() {
        String email = Client.newEmail();
        String token = client.signUp(email);
        client.get("/api/auth/get-session", token).then().statusCode(200)
                .body("user.email", equalTo(email)).body("session.expiresAt", org.hamcrest.Matchers.notNullValue());
        client.spec(null).cookie("authstash.session_token", token).get("/api/auth/get-session")
                .then().statusCode(200).body("user.email", equalTo(email));
        client.get("/api/auth/get-session", null).then().statusCode(401).body("message", equalTo("Unauthorized"));
        client.get("/api/auth/get-session", "garbage-token").then().statusCode(401);
        client.get("/api/auth/get-session", "'; DROP TABLE users; --").then().statusCode(401);
    }

    @Test
    void signOutRevokesTheSessionAndClearsTheCookie() {
        String token = client.signUp(Client.newEmail());
        Response r = client.post("/api/auth/sign-out", null, token);
        r.then().statusCode(200);
        assertThat(r.header("Set-Cookie")).startsWith("authstash.session_token=;")
                .containsAnyOf("Max-Age=0", "Expires=Thu, 01 Jan 1970");
        client.get("/api/auth/get-session", token).then().statusCode(401);
        client.post("/api/auth/sign-out", null, token).then().statusCode(401);
    }

    @Test
    void hostileBodiesAreRejectedWithJsonErrorsNever500() {
        client.post("/api/auth/sign-up/email", "[1,2,3]").then().statusCode(400)
                .body("message", equalTo("Expected a JSON object body"));
        client.post("/api/auth/sign-up/email", "{\"email\": {\"$ne\": null}, \"password\": 1}").then().statusCode(400)
                .body("message", equalTo("email must be a string"));
        client.post("/api/auth/sign-in/email", "[1,2,3]").then().statusCode(400)
                .body("message", equalTo("Expected a JSON object body")); // the endpoint's parser, before the attempt
        client.post("/api/auth/sign-in/email", "{\"email\": {\"$ne\": null}, \"password\": 1}").then().statusCode(400)
                .body("message", equalTo("email must be a string"));
        client.post("/api/auth/sign-in/email", "[".repeat(5000)).then().statusCode(400);
        client.post("/api/auth/sign-up/email", "{\"name\":\"" + "x".repeat(20_000) + "\"}").then().statusCode(413)
                .body("message", equalTo("Request body too large"));
        client.post("/api/auth/sign-up/email", Map.of("email", "a@b.co", "password", "p".repeat(200), "name", "A"))
                .then().statusCode(400).body("message", equalTo("password must be at most 128 characters"));
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        client.post("/api/auth/no-such-endpoint", Map.of()).then().statusCode(404).body("message", equalTo("Not found"));
        client.get("/api/auth/sign-in/email", null).then().statusCode(405);
    }
}
