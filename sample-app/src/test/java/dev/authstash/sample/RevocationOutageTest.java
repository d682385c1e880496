package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Revocations over HTTP while Redis fails, two instances sharing one Redis and one database: the revoked session
 * is refused by both once Redis answers, and a password reset that could not revoke leaves its token usable.
 */
class RevocationOutageTest {
    private static final String NEW_PASSWORD = "a brand new secret";
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
            jedis.aclSetUser("default", "+@all");
            jedis.flushAll();
        }
        env = Apps.env("REDIS_URL", redis.url(), "DATABASE_URL", Apps.sharedH2(), "DEV_OUTBOX", "true",
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(Apps.bundledConfigWithTestTimeouts()));
    }

    @AfterEach
    void stop() {
        try (Jedis jedis = redis.jedis()) {
            jedis.aclSetUser("default", "+@all");
        }
        apps.close();
    }

    @Test
    void aResetWhoseRevocationFailedKeepsItsTokenAndTheRetryRevokesOnBothInstances() throws Exception {
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        String stolen = a.signUp(email);
        b.get("/api/auth/get-session", stolen).then().statusCode(200);
        a.post("/api/auth/forget-password", Map.of("email", email)).then().statusCode(200);
        List<Map<String, String>> mails = a.outbox(email).jsonPath().getList("$");
        String token = mails.get(mails.size() - 1).get("token");

        try (Jedis jedis = redis.jedis()) {
            jedis.aclSetUser("default", "-@scripting"); // GET/SET still work; every session script fails
        }
        Map<String, String> body = Map.of("token", token, "newPassword", NEW_PASSWORD);
        a.post("/api/auth/reset-password", body).then().statusCode(503);
        try (Jedis jedis = redis.jedis()) {
            jedis.aclSetUser("default", "+@all");
        }

        Response retried = until(() -> a.post("/api/auth/reset-password", body), r -> r.statusCode() != 503);
        assertThat(retried.statusCode()).as("the retry with the same token: " + retried.asString()).isEqualTo(200);
        a.get("/api/auth/get-session", stolen).then().statusCode(401);
        b.get("/api/auth/get-session", stolen).then().statusCode(401);
        b.signInRaw(email, NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void aSignOutDuringAClientPauseIsRefusedOnBothInstancesOnceRedisAnswers() throws Exception {
        // sign-out unlimited: a stalled limiter answers 503 itself (back-pressure), before any revocation is tried
        String config = Apps.bundledConfigWithTestTimeouts().replace("\"customRules\": {",
                "\"customRules\": { \"/sign-out\": false,");
        env.put("AUTHSTASH_CONFIG", Apps.configFile(config));
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        String session = a.signUp(email);
        b.get("/api/auth/get-session", session).then().statusCode(200);
        try (Jedis jedis = redis.jedis()) {
            jedis.clientPause(8_000); // sign-out makes 2 calls that each time out after 2 s (test config)
        }
        a.post("/api/auth/sign-out", Map.of(), session).then().statusCode(503);
        until(() -> redisAnswers(), ok -> ok);

        a.get("/api/auth/get-session", session).then().statusCode(401);
        Response onB = until(() -> b.get("/api/auth/get-session", session), r -> r.statusCode() == 401);
        assertThat(onB.statusCode()).as("instance B").isEqualTo(401);
    }

    private static boolean redisAnswers() {
        try (Jedis jedis = redis.jedis()) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException paused) {
            return false;
        }
    }

    /** Calls {@code call} until {@code done} (at most 20 s); returns the last answer. */
    private static <T> T until(Supplier<T> call, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        T last = call.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = call.get();
        }
        return last;
    }
}
