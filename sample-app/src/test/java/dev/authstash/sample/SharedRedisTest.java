package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Several instances sharing one real Redis and one database; restarts. */
class SharedRedisTest {
    private static final String NO_DB_COPY = """
            { "basePath": "/api/auth", "secondaryStorage": { "url": "${REDIS_URL:-}", "socketTimeoutMillis": 2000, "connectTimeoutMillis": 2000 },
              "session": { "storeSessionInDatabase": false } }""";
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
        env = Apps.env("REDIS_URL", redis.url(), "DATABASE_URL", Apps.sharedH2(),
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(Apps.bundledConfigWithTestTimeouts()));
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void twoInstancesEnforceOneSignInLimitTogether() {
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        a.signUp(email);
        for (int i = 0; i < 5; i++) {
            Client target = i % 2 == 0 ? a : b;
            assertThat(target.signInRaw(email, i == 4 ? Client.PASSWORD : "wrong password").statusCode())
                    .isIn(200, 401);
        }
        b.signInRaw(email, Client.PASSWORD).then().statusCode(429);
        a.signInRaw(email, Client.PASSWORD).then().statusCode(429);
    }

    @Test
    void aSessionCreatedOnOneInstanceIsValidAndRevocableOnTheOther() {
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        String token = a.signUp(email);
        b.get("/api/auth/get-session", token).then().statusCode(200);
        b.get("/api/v1/me", token).then().statusCode(200);
        b.post("/api/auth/sign-out", null, token).then().statusCode(200);
        a.get("/api/auth/get-session", token).then().statusCode(401);
        a.get("/api/v1/me", token).then().statusCode(401);
    }

    @Test
    void aResetTokenIssuedOnOneInstanceWorksOnceAcrossBoth() {
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        String session = a.signUp(email);
        a.post("/api/auth/forget-password", Map.of("email", email)).then().statusCode(200);
        String token = a.outbox(email).path("[0].token");
        b.post("/api/auth/reset-password", Map.of("token", token, "newPassword", "a brand new secret"))
                .then().statusCode(200);
        a.post("/api/auth/reset-password", Map.of("token", token, "newPassword", "another new secret"))
                .then().statusCode(400);
        a.get("/api/auth/get-session", session).then().statusCode(401);
        a.signInRaw(email, "a brand new secret").then().statusCode(200);
    }

    @Test
    void anOtpSentByOneInstanceVerifiesOnTheOtherWithASharedSecret() {
        env.put("AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters");
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        String session = a.signUp(email);
        a.post("/api/auth/email-otp/send-verification-otp", Map.of("email", email, "type", "email-verification"))
                .then().statusCode(200);
        String otp = a.outbox(email).path("[0].otp");
        b.post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", otp)).then().statusCode(200);
        a.get("/api/auth/get-session", session).then().statusCode(200)
                .body("user.emailVerified", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void withRedisASessionSurvivesARestart() {
        Running first = apps.start(env);
        String token = new Client(first).signUp(Client.newEmail());
        first.close();
        try (Jedis jedis = redis.jedis()) {
            assertThat(jedis.keys("authstash:*")).isNotEmpty();
        }
        Client restarted = new Client(apps.start(env));
        restarted.get("/api/auth/get-session", token).then().statusCode(200);
        restarted.get("/api/v1/me", token).then().statusCode(200);
    }

    @Test
    void withoutADatabaseCopyRedisAloneKeepsSessionsAcrossRestartsAndMemoryDoesNot() {
        env.put("AUTHSTASH_CONFIG", Apps.configFile(NO_DB_COPY));
        Running first = apps.start(env);
        String token = new Client(first).signUp(Client.newEmail());
        first.close();
        new Client(apps.start(env)).get("/api/auth/get-session", token).then().statusCode(200);

        env.remove("REDIS_URL");
        Running inMemory = apps.start(env);
        String memoryToken = new Client(inMemory).signUp(Client.newEmail());
        inMemory.close();
        new Client(apps.start(env)).get("/api/auth/get-session", memoryToken).then().statusCode(401);
    }

    @Test
    void whenRedisDiesSessionsAreServedFromTheDatabaseAndNothingAnswers500() {
        Client app = new Client(apps.start(env));
        String email = Client.newEmail();
        String token = app.signUp(email);
        redis.stop();
        try {
            app.get("/api/auth/get-session", token).then().statusCode(200);
            app.get("/api/v1/me", token).then().statusCode(200);
            assertThat(app.signInRaw(email, Client.PASSWORD).statusCode()).isIn(200, 503);
            assertThat(app.post("/api/auth/forget-password", Map.of("email", email)).statusCode()).isIn(200, 503);
            assertThat(app.post("/api/v1/imports", null, token).statusCode()).isIn(202, 503);
            app.get("/api/v1/health", null).then().statusCode(200);
        } finally {
            redis.start();
        }
    }

    @Test
    void withoutRedisTheDatabaseCopyStillSharesSessionsBetweenInstances() {
        env.remove("REDIS_URL");
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String token = a.signUp(Client.newEmail());
        b.get("/api/auth/get-session", token).then().statusCode(200);
    }
}
