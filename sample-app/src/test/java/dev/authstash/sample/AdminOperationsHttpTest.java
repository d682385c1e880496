package dev.authstash.sample;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 21 §5 over HTTP: the sample's admin endpoints (404 without {@code ADMIN_TOKEN}, 401 without the bearer
 * token), with two instances sharing one Redis and one database: an override set on A limits on B within 1 s, an
 * unlock on A lets the owner in on B (B's block cache forgets the account within 1 s), a revoke on A is final on B.
 */
class AdminOperationsHttpTest {
    private static final String TOKEN = "an-admin-token-of-at-least-thirty-two-chars";
    private static RedisProcess redis;
    private final Apps apps = new Apps();
    private Map<String, String> env;

    @BeforeAll
    static void launchRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void flush() {
        try (Jedis jedis = redis.jedis()) {
            jedis.flushAll();
        }
        String config = Apps.bundledConfigWithTestTimeouts().replace("\"session\":",
                "\"advanced\": { \"ipAddress\": { \"trustedProxies\": [\"127.0.0.1/32\", \"::1/128\"] } },\n  \"session\":");
        env = Apps.env("REDIS_URL", redis.url(), "DATABASE_URL", Apps.sharedH2(),
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters", "ADMIN_TOKEN", TOKEN,
                "AUTHSTASH_CONFIG", Apps.configFile(config));
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    private static RequestSpecification admin(Running app) {
        return given().baseUri(app.url()).header("Authorization", "Bearer " + TOKEN);
    }

    private static boolean within(Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void withoutAdminTokenEveryAdminEndpointIs404AndWithItAWrongBearerIs401() {
        env.remove("ADMIN_TOKEN");
        Running off = apps.start(env);
        given().baseUri(off.url()).header("Authorization", "Bearer " + TOKEN).get("/api/admin/rate-limits").then()
                .statusCode(404);
        given().baseUri(off.url()).contentType(ContentType.JSON).body("{\"email\":\"a@b.c\"}")
                .post("/api/admin/unlock").then().statusCode(404);

        env.put("ADMIN_TOKEN", TOKEN);
        Running on = apps.start(env);
        for (String auth : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN}) {
            RequestSpecification spec = given().baseUri(on.url());
            Response r = (auth == null ? spec : spec.header("Authorization", auth)).get("/api/admin/rate-limits");
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.jsonPath().getString("message")).isEqualTo("Unauthorized");
        }
        admin(on).get("/api/admin/rate-limits").then().statusCode(200);
        admin(on).get("/api/admin/nope").then().statusCode(404);
    }

    @Test
    void anOverrideSetOnALimitsOnBWithinOneSecondAndDeleteGoesBackToTheFile() throws Exception {
        Running a = apps.start(env);
        Running b = apps.start(env);
        Response set = admin(a).contentType(ContentType.JSON)
                .body("{\"/sign-up/email\": {\"window\": 600, \"max\": 1}}").put("/api/admin/rate-limits");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.jsonPath().getLong("version")).isEqualTo(1);
        assertThat(set.jsonPath().getString("by")).startsWith("admin-token@");

        assertThat(within(Duration.ofSeconds(1), () -> admin(b).get("/api/admin/rate-limits").jsonPath()
                .getInt("customRules.'/sign-up/email'.max") == 1)).isTrue();
        Client onB = new Client(b).forwardedFor("192.0.2.50");
        onB.signUp(Client.newEmail());
        Response limited = onB.signUpRaw(Client.newEmail(), Client.PASSWORD, "Bo");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"/sign-up/email\";q=1;w=600");

        Response view = admin(a).get("/api/admin/rate-limits");
        assertThat(view.jsonPath().getLong("overrides.version")).isEqualTo(1);
        assertThat(view.jsonPath().getInt("overrides.customRules.'/sign-up/email'.max")).isEqualTo(1);
        assertThat(view.jsonPath().getInt("customRules.'/sign-in/email'[0].max")).as("the file's other rules")
                .isEqualTo(5);
        List<Map<String, Object>> blocked = view.jsonPath().getList("blocked");
        assertThat(blocked).hasSize(1);
        assertThat(blocked.get(0)).containsEntry("rule", "/sign-up/email").containsKeys("keyHash", "until");
        assertThat(view.asString()).doesNotContain("192.0.2.50");

        Response invalid = admin(a).contentType(ContentType.JSON)
                .body("{\"/sign-up/email\": {\"window\": 600, \"max\": 0}}").put("/api/admin/rate-limits");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.jsonPath().getString("path")).isEqualTo("rateLimit.customRules.\"/sign-up/email\".max");
        assertThat(invalid.jsonPath().getString("message")).startsWith("rateLimit.customRules.\"/sign-up/email\".max: ");
        Response stale = admin(a).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body("{\"/sign-up/email\": false}").put("/api/admin/rate-limits");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.jsonPath().getString("message"))
                .isEqualTo("rate-limit rule overrides are at version 1, not 0: read them again and retry");

        Response removed = admin(b).delete("/api/admin/rate-limits");
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.jsonPath().getLong("version")).isEqualTo(2);
        assertThat(removed.jsonPath().getString("customRules")).isNull();
        assertThat(within(Duration.ofSeconds(1), () -> admin(a).get("/api/admin/rate-limits").jsonPath()
                .getInt("customRules.'/sign-up/email'.max") == 5)).isTrue();
    }

    @Test
    void anUnlockOnALetsTheOwnerInOnBWithinOneSecond() throws Exception {
        Running a = apps.start(env);
        Running b = apps.start(env);
        String email = Client.newEmail();
        new Client(b).forwardedFor("192.0.2.1").signUp(email);
        for (int i = 0; i < 10; i++) {
            new Client(b).forwardedFor("203.0.113." + (i + 1)).signInRaw(email, "guess " + i).then().statusCode(401);
        }
        new Client(b).forwardedFor("198.51.100.1").signInRaw(email, Client.PASSWORD).then().statusCode(429);
        new Client(b).forwardedFor("198.51.100.2").signInRaw(email, Client.PASSWORD).then().statusCode(429);

        Response unlocked = admin(a).contentType(ContentType.JSON).body(Map.of("email", email.toUpperCase()))
                .post("/api/admin/unlock");
        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(unlocked.jsonPath().getInt("reset")).isEqualTo(1);

        int[] ip = {10};
        assertThat(within(Duration.ofSeconds(1), () -> new Client(b).forwardedFor("198.51.100." + ip[0]++)
                .signInRaw(email, Client.PASSWORD).statusCode() == 200)).isTrue();
        admin(a).contentType(ContentType.JSON).body("{}").post("/api/admin/unlock").then().statusCode(400);
    }

    @Test
    void aRevokeOnAByUserOrBySessionIdIsFinalOnB() {
        Running a = apps.start(env);
        Running b = apps.start(env);
        Client onB = new Client(b);
        String email = Client.newEmail();
        Response signUp = onB.signUpRaw(email, Client.PASSWORD, "Ada");
        String first = signUp.jsonPath().getString("token");
        String userId = signUp.jsonPath().getString("user.id");
        String second = onB.signIn(email);
        String secondId = onB.get("/api/auth/list-sessions", second).jsonPath().getList("id", String.class).stream()
                .filter(id -> !id.equals(onB.get("/api/auth/get-session", first).jsonPath().getString("session.id")))
                .findFirst().orElseThrow();

        admin(a).contentType(ContentType.JSON).body(Map.of("sessionId", secondId)).post("/api/admin/revoke").then()
                .statusCode(200);
        onB.get("/api/auth/get-session", second).then().statusCode(401);
        onB.get("/api/auth/get-session", first).then().statusCode(200);
        admin(a).contentType(ContentType.JSON).body(Map.of("sessionId", secondId)).post("/api/admin/revoke").then()
                .statusCode(404);

        admin(a).contentType(ContentType.JSON).body(Map.of("userId", userId)).post("/api/admin/revoke").then()
                .statusCode(200);
        onB.get("/api/auth/get-session", first).then().statusCode(401);
        admin(a).contentType(ContentType.JSON).body("{}").post("/api/admin/revoke").then().statusCode(400);
    }
}
