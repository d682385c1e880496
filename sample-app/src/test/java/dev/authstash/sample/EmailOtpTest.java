package dev.authstash.sample;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** email-otp/send-verification-otp → outbox → email-otp/verify-email, end to end. */
class EmailOtpTest {
    private final Apps apps = new Apps();
    private Client client;
    private String email;
    private String session;

    @BeforeEach
    void start() {
        client = new Client(apps.start());
        email = Client.newEmail();
        session = client.signUp(email);
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void theCodeFromTheOutboxVerifiesTheEmail() {
        String otp = send();
        client.post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", otp)).then().statusCode(200)
                .body("user.emailVerified", equalTo(true));
        client.get("/api/auth/get-session", session).then().body("user.emailVerified", equalTo(true));
        client.get("/api/v1/me", session).then().body("emailVerified", equalTo(true));
        client.post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", otp)).then().statusCode(400);
    }

    @Test
    void aWrongCodeIs400AndAfterThreeWrongCodesTheRightOneIs403() {
        String otp = send();
        String wrong = otp.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 3; i++) {
            client.post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", wrong)).then()
                    .statusCode(400).body("message", equalTo("Invalid OTP"));
        }
        client.post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", otp)).then().statusCode(403)
                .body("message", equalTo("Too many attempts"));
        client.get("/api/auth/get-session", session).then().body("user.emailVerified", equalTo(false));
    }

    @Test
    void sendValidatesTheTypeAndDoesNotRevealUnknownAccounts() {
        client.post("/api/auth/email-otp/send-verification-otp", Map.of("email", email, "type", "sign-in"))
                .then().statusCode(400).body("message", equalTo("type must be \"email-verification\""));
        client.post("/api/auth/email-otp/send-verification-otp",
                Map.of("email", "ghost@example.com", "type", "email-verification")).then().statusCode(200);
        client.outbox("ghost@example.com").then().body("size()", equalTo(0));
        client.post("/api/auth/email-otp/verify-email", Map.of("email", "ghost@example.com", "otp", "123456"))
                .then().statusCode(400);
    }

    private String send() {
        client.post("/api/auth/email-otp/send-verification-otp", Map.of("email", email, "type", "email-verification"))
                .then().statusCode(200);
        List<Map<String, String>> messages = client.outbox(email).jsonPath().getList("$");
        client.outbox(email).then().body("[0].otp", matchesPattern("[0-9]{6}"));
        return messages.get(messages.size() - 1).get("otp");
    }
}
