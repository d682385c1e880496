package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL) under a web.xml deployment: each {@code rateLimit.onStorageError} policy gives its
 * documented answer, never a 500. Rule {@code /outage}: 3 per 60 s.
 */
class StorageFailureTest {
    private RedisProcess redis;
    private TestServer server;
    private String token;

    private void deploy(String policy) throws Exception {
        redis = RedisProcess.launch();
        server = TestServer.deploy("webapp-gated",
                TestConfigs.derive(TestConfigs.redis(redis.url()).andThen(TestConfigs.onStorageError(policy))));
        http().get("/api/auth/outage").then().statusCode(200); // counted in Redis
        token = TestSessions.create(server.authstash(), "user-outage");
        http().header("Authorization", "Bearer " + token).get("/private/data").then().statusCode(200);
        redis.stop();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    private RequestSpecification http() {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT);
    }

    private List<Integer> statuses(String path, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(http().get(path).statusCode());
        }
        return out;
    }

    @Test
    void localPolicyKeepsLimitingInThisInstance() throws Exception {
        deploy("local");
        List<Integer> seen = statuses("/api/auth/outage", 6);
        assertThat(seen).as("statuses %s", seen).allMatch(s -> s == 200 || s == 429).contains(200);
        assertThat(seen.subList(3, 6)).as("statuses %s", seen).containsOnly(429);
    }

    @Test
    void allowPolicyLetsEveryRequestThrough() throws Exception {
        deploy("allow");
        assertThat(statuses("/api/auth/outage", 8)).containsOnly(200);
    }

    @Test
    void denyPolicyAnswers503WithRetryAfter() throws Exception {
        deploy("deny");
        Response r = http().get("/api/auth/outage");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().asString())
                .isEqualTo("{\"message\":\"Service temporarily unavailable. Please try again later.\"}");
        assertThat(Long.parseLong(r.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(http().get("/public/page").statusCode()).as("routes without rules are untouched").isEqualTo(200);
    }

    @Test
    void aSessionLookupWithoutStorageIs503Never500() throws Exception {
        deploy("local");
        Response r = http().header("Authorization", "Bearer " + token).get("/private/data");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("1");
        assertThat(r.body().asString())
                .isEqualTo("{\"message\":\"Service temporarily unavailable. Please try again later.\"}");
        assertThat(http().header("Authorization", "Bearer " + token).get("/public/page").statusCode())
                .as("unprotected path, policy local").isEqualTo(503);
        assertThat(http().get("/private/data").statusCode()).as("no token: plain 401").isEqualTo(401);
        assertThat(http().get("/public/page").statusCode()).as("no token, unprotected").isEqualTo(200);
    }

    @Test
    void withPolicyAllowAnUnprotectedPathProceedsAnonymouslyWhenSessionsAreDown() throws Exception {
        deploy("allow");
        Response r = http().header("Authorization", "Bearer " + token).get("/public/page");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().asString()).contains("user=null").contains("session=false");
        assertThat(http().header("Authorization", "Bearer " + token).get("/private/data").statusCode())
                .as("protected paths cannot be served without the session").isEqualTo(503);
    }

    @Test
    void limitsGoBackToRedisWhenItReturns() throws Exception {
        deploy("deny");
        http().get("/api/auth/outage").then().statusCode(503);
        redis.start(); // same port, empty
        List<Integer> seen = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L; // reconnect, and the circuit breaker probes once per second
        while (System.nanoTime() < deadline && (seen.isEmpty() || seen.get(seen.size() - 1) != 200)) {
            seen.add(http().get("/api/auth/outage").statusCode());
            Thread.sleep(50);
        }
        assertThat(seen).last().isEqualTo(200);
        assertThat(statuses("/api/auth/outage", 3)).as("then %s", seen).endsWith(429);
    }
}
