package dev.authstash.sample;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 21 §3/§4 over HTTP, two instances sharing one Redis and one database: {@code maximumSessions} evicts on both,
 * a revoke on one refuses the other's cached cookie ({@code cookieCache}), {@code deferSessionRefresh} keeps GETs
 * from writing.
 */
class SessionOperationsHttpTest {
    private static final String SESSION = "\"session\": { \"storeSessionInDatabase\": true, \"preserveSessionInDatabase\": true }";
    private static final String DATA = "authstash.session_data";
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
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters");
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    /** The bundled config with {@code session} options added. */
    private void session(String options) {
        String json = Apps.bundledConfigWithTestTimeouts();
        String patched = json.replace(SESSION, "\"session\": { \"storeSessionInDatabase\": true,"
                + " \"preserveSessionInDatabase\": true, " + options + " }");
        assertThat(patched).isNotEqualTo(json);
        env.put("AUTHSTASH_CONFIG", Apps.configFile(patched));
    }

    @Test
    void maximumSessionsEvictsTheOldestOnBothInstances() {
        session("\"maximumSessions\": 2");
        Client a = new Client(apps.start(env));
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        String first = a.signUp(email);
        String second = b.signIn(email);
        a.get("/api/auth/get-session", first).then().statusCode(200);
        String third = b.signIn(email);
        for (Client c : List.of(a, b)) {
            c.get("/api/auth/get-session", first).then().statusCode(401);
            c.get("/api/auth/get-session", second).then().statusCode(200);
            c.get("/api/auth/get-session", third).then().statusCode(200);
            c.get("/api/auth/list-sessions", third).then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(2));
        }
    }

    /** {@code Cookie} value with the session cookie and the cache cookie of a sign-in's answer. */
    private static String cookies(Response signIn) {
        List<String> set = signIn.headers().getValues("Set-Cookie");
        String token = set.stream().filter(c -> c.startsWith("authstash.session_token=")).findFirst().orElseThrow();
        String data = set.stream().filter(c -> c.startsWith(DATA + "=")).findFirst().orElseThrow();
        return token.substring(0, token.indexOf(';')) + "; " + data.substring(0, data.indexOf(';'));
    }

    private static Response getSession(Running app, String cookies) {
        return given().baseUri(app.url()).header("Cookie", cookies).get("/api/auth/get-session");
    }

    /** Polls at most 10 s (the cache cookie alone would answer for 300 s) until {@code app} answers 401. */
    private static boolean refusedSoon(Running app, String cookies) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (getSession(app, cookies).statusCode() == 401) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void aRevocationOnOneInstanceRefusesTheCachedCookieOnBoth() throws Exception {
        session("\"cookieCache\": { \"enabled\": true, \"maxAge\": 300 }");
        Running a = apps.start(env);
        Running b = apps.start(env);
        String email = Client.newEmail();
        new Client(a).signUp(email);
        Response signIn = new Client(b).signInRaw(email, Client.PASSWORD);
        String cookies = cookies(signIn);
        String token = signIn.path("token");
        String id = getSession(a, cookies).then().statusCode(200).extract().path("session.id");
        getSession(b, cookies).then().statusCode(200);
        try (Jedis j = redis.jedis()) { // gone from storage: only the cache cookie can answer now
            j.del(j.keys("authstash:{u:*}:s:" + id).toArray(String[]::new));
        }
        getSession(a, cookies).then().statusCode(200);

        String other = new Client(a).signIn(email);
        new Client(a).post("/api/auth/revoke-session", Map.of("sessionId", id), other).then().statusCode(200);
        getSession(a, cookies).then().statusCode(401);
        assertThat(refusedSoon(b, cookies)).as("the other instance refuses the cache cookie").isTrue();
        new Client(b).get("/api/auth/get-session", token).then().statusCode(401);
    }

    @Test
    void signOutEverywhereRefusesCachedCookiesOnBoth() throws Exception {
        session("\"cookieCache\": { \"enabled\": true, \"maxAge\": 300 }");
        Running a = apps.start(env);
        Running b = apps.start(env);
        String email = Client.newEmail();
        String current = new Client(a).signUp(email);
        String cookies = cookies(new Client(b).signInRaw(email, Client.PASSWORD));
        getSession(a, cookies).then().statusCode(200);
        new Client(b).post("/api/auth/revoke-sessions", null, current).then().statusCode(200);
        assertThat(refusedSoon(a, cookies)).isTrue();
        assertThat(refusedSoon(b, cookies)).isTrue();
    }

    @Test
    void withDeferredRefreshGetSessionNeverMovesTheExpiryAndTheNextPostDoes() {
        session("\"updateAge\": 0, \"deferSessionRefresh\": true");
        Client a = new Client(apps.start(env));
        String email = Client.newEmail();
        String token = a.signUp(email);
        String expires = a.get("/api/auth/get-session", token).then().statusCode(200).extract().path("session.expiresAt");
        String updated = a.get("/api/auth/get-session", token).then().statusCode(200).extract().path("session.updatedAt");
        assertThat(a.get("/api/auth/get-session", token).then().extract().<String>path("session.expiresAt"))
                .isEqualTo(expires);
        assertThat(a.get("/api/auth/get-session", token).then().extract().<String>path("session.updatedAt"))
                .isEqualTo(updated);
        a.post("/api/auth/revoke-other-sessions", null, token).then().statusCode(200); // a POST: the refresh happens
        assertThat(java.time.Instant.parse(a.get("/api/auth/get-session", token).then().extract()
                .<String>path("session.updatedAt"))).isAfter(java.time.Instant.parse(updated));
    }
}
