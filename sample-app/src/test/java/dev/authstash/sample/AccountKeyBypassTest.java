package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §1 over HTTP, real Redis: a sign-in rule keyed {@code body:email} (10 failures per 900 s) cannot be
 * escaped by a body the limiter reads differently from the endpoint. An attacker on many addresses (a trusted
 * proxy's {@code X-Forwarded-For}) tries every spelling at one account: the password check answers at most 10
 * times, then the account is locked.
 */
class AccountKeyBypassTest {
    private static final String CONFIG = """
            { "basePath": "/api/auth",
              "secondaryStorage": { "url": "${REDIS_URL:-}", "socketTimeoutMillis": 2000, "connectTimeoutMillis": 2000 },
              "advanced": { "ipAddress": { "trustedProxies": ["127.0.0.1", "::1"] } },
              "rateLimit": { "enabled": true, "window": 60, "max": 1000, "storage": "secondary-storage",
                "customRules": { "/sign-in/email": [
                  { "window": 60, "max": 5 },
                  { "window": 900, "max": 10, "key": "body:email", "count": "failures", "methods": ["POST"] } ] } },
              "session": { "storeSessionInDatabase": true } }""";
    private static RedisProcess redis;
    private final Apps apps = new Apps();
    private final AtomicInteger addresses = new AtomicInteger();
    private Running app;

    @BeforeAll
    static void launchRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void start() {
        try (Jedis jedis = redis.jedis()) {
            jedis.flushAll();
        }
        app = apps.start(Apps.env("REDIS_URL", redis.url(), "DATABASE_URL", Apps.sharedH2(),
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(CONFIG)));
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    /** A request from a fresh attacker address (below the per-IP rule of 5 per minute). */
    private RequestSpecification fresh() {
        int n = addresses.incrementAndGet();
        return new Client(app).forwardedFor("10.19." + (n / 250) + "." + (n % 250 + 1)).spec(null);
    }

    @Test
    void noBodySpellingGetsMoreThanMaxGuessesAtOneAccount() {
        String email = "bo" + System.nanoTime() + "@example.com";
        new Client(app).forwardedFor("192.0.2.1").signUp(email);
        String wrong = "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}";
        List<Function<Integer, Response>> variants = new ArrayList<>();
        variants.add(i -> fresh().contentType("application/json").body(wrong + " 0").post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/json").body(wrong + " {}").post("/api/auth/sign-in/email"));
        for (int depth = 17; depth <= 20; depth++) {
            String nested = "[".repeat(depth - 1) + "]".repeat(depth - 1);
            variants.add(i -> fresh().contentType("application/json").body("{\"email\":\"" + email
                    + "\",\"password\":\"wrong password\",\"x\":" + nested + "}").post("/api/auth/sign-in/email"));
        }
        for (String pad : List.of("\\u0001", "\\u0000", "\\u200b", "\\u00ad", "\\ufeff", "\\u2060", "\\u180e",
                "\\udb40\\udc20", "\\ufe0f", "\\u034f", "\\u0085")) {
            variants.add(i -> fresh().contentType("application/json").body("{\"email\":\"" + email + pad.repeat(i % 3 + 1)
                    + "\",\"password\":\"wrong password\"}").post("/api/auth/sign-in/email"));
        }
        variants.add(i -> fresh().contentType("application/json").body("{\"email\":\" " + email.toUpperCase()
                + "\\u00a0\",\"password\":\"wrong password " + i + "\"}").post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/json").body("{\"email\":\"\\uff42\\uff4f" + email.substring(2)
                + "\",\"password\":\"wrong password\"}").post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/json").body("{\"email\":\"" + email
                + "\",\"password\":\"wrong password\",\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("text/json").body(wrong).post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("text/plain").body(wrong).post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/x-www-form-urlencoded").formParam("email", email)
                .formParam("password", "wrong password").post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/json; charset=ISO-8859-1").body(wrong)
                .post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/json").body("{\"email\":\"x" + i + "@example.com\",\"email\":\""
                + email + "\",\"password\":\"wrong password\"}").post("/api/auth/sign-in/email"));
        variants.add(i -> fresh().contentType("application/json").body("{\"Email\":\"" + email
                + "\",\"password\":\"wrong password\"}").post("/api/auth/sign-in/email"));
        int checked = 0;
        for (Function<Integer, Response> variant : variants) {
            for (int i = 0; i < 12; i++) {
                Response r = variant.apply(i);
                assertThat(r.statusCode()).as(r.body().asString()).isIn(400, 401, 413, 415, 429);
                assertThat(r.contentType()).startsWith("application/json");
                checked += r.statusCode() == 401 ? 1 : 0;
            }
        }
        for (int i = 0; i < 12; i++) {
            Response r = fresh().contentType("application/json").body(wrong).post("/api/auth/sign-in/email");
            assertThat(r.statusCode()).isIn(401, 429);
            checked += r.statusCode() == 401 ? 1 : 0;
        }
        assertThat(checked).as("password checks on one account, every spelling together").isLessThanOrEqualTo(10);
        assertThat(fresh().contentType("application/json").body(wrong).post("/api/auth/sign-in/email").statusCode())
                .isEqualTo(429);
    }

    /** The same instance from a fresh address: the default sign-up rule allows 3 per 10 s per IP. */
    private Client next(Client client) {
        int n = addresses.incrementAndGet();
        return client.forwardedFor("10.20." + (n / 250) + "." + (n % 250 + 1));
    }

    @Test
    void theEndpointsRefuseTrailingContentControlCharactersAndDeepNesting() {
        Client plain = new Client(app);
        String email = Client.newEmail();
        next(plain).post("/api/auth/sign-up/email", "{\"email\":\"" + email + "\",\"password\":\"" + Client.PASSWORD
                + "\",\"name\":\"Bo\"} 0").then().statusCode(400);
        next(plain).post("/api/auth/sign-up/email", Map.of("email", email + "\u0001", "password", Client.PASSWORD, "name", "Bo"))
                .then().statusCode(400).body("message", org.hamcrest.Matchers.equalTo(
                        "email must not contain control or format characters"));
        next(plain).post("/api/auth/sign-up/email", Map.of("email", "a\u200b" + email, "password", Client.PASSWORD, "name", "Bo"))
                .then().statusCode(400);
        next(plain).post("/api/auth/sign-up/email", "{\"email\":\"" + email + "\",\"password\":\"" + Client.PASSWORD
                + "\",\"name\":\"Bo\",\"x\":" + "[".repeat(16) + "]".repeat(16) + "}").then().statusCode(400);
        next(plain).post("/api/auth/sign-up/email", "{\"email\":\"" + email + "\",\"password\":\"" + Client.PASSWORD
                + "\",\"name\":\"Bo\",\"name\":\"Al\"}").then().statusCode(400);
        next(plain).post("/api/auth/sign-up/email", Map.of("email", " " + email.toUpperCase() + " ", "password", Client.PASSWORD,
                "name", "Bo")).then().statusCode(200);
        next(plain).signIn(email);
        next(plain).post("/api/auth/sign-in/email", Map.of("email", email + "\u0001", "password", Client.PASSWORD))
                .then().statusCode(400);
        next(plain).post("/api/auth/forget-password", Map.of("email", email + "\u200b")).then().statusCode(400);
        next(plain).post("/api/auth/email-otp/send-verification-otp", Map.of("email", email + "\u0085",
                "type", "email-verification")).then().statusCode(400);
        next(plain).spec(null).contentType("application/json; charset=ISO-8859-1").body(Map.of("email", email))
                .post("/api/auth/forget-password").then().statusCode(415);
    }
}
