package dev.authstash.spring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.authstash.Authstash;
import dev.authstash.storage.RedisStorage;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter on the real embedded server (Tomcat) with a real Redis: limits and 429 headers, sessions,
 * an async endpoint behind the filters, actuator health and metrics. Config: {@code application-web.yml}.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.profiles.active=web")
class StarterWebTest {
    private static int clients;

    @LocalServerPort
    int port;

    @Autowired
    Authstash authstash;

    private String client;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", SharedRedis.REDIS::url);
    }

    @BeforeEach
    void freshClient() {
        client = "203.0.113." + (++clients);
    }

    private Response post(String path) {
        return given().port(port).header("X-Forwarded-For", client).queryParam("user", "u1").post(path);
    }

    @Test
    void storageComesFromSpringDataRedisAndCountersLandInRedis() {
        assertThat(authstash.storage()).isInstanceOf(RedisStorage.class);
        post("/api/auth/sign-in").then().statusCode(200);
        try (var jedis = SharedRedis.REDIS.jedis()) {
            assertThat(jedis.keys("authstash:rl:*")).isNotEmpty();
        }
    }

    @Test
    void signInIsLimitedAfterTwoWith429Headers() {
        for (int i = 0; i < 2; i++) {
            post("/api/auth/sign-in").then().statusCode(200)
                    .header("RateLimit-Policy", "\"/sign-in\";q=2;w=60")
                    .header("RateLimit", org.hamcrest.Matchers.startsWith("\"/sign-in\";r=" + (1 - i) + ";t="));
        }
        Response limited = post("/api/auth/sign-in");
        limited.then().statusCode(429).contentType("application/json")
                .body("message", equalTo("Too many requests. Please try again later."))
                .header("RateLimit-Policy", "\"/sign-in\";q=2;w=60")
                .header("RateLimit", org.hamcrest.Matchers.startsWith("\"/sign-in\";r=0;t="));
        long retry = Long.parseLong(limited.header("Retry-After"));
        assertThat(retry).isBetween(1L, 60L);
        assertThat(limited.header("X-Retry-After")).isEqualTo(limited.header("Retry-After"));
    }

    @Test
    void sessionCookieOpensProtectedPathsAndItsAbsenceGives401() {
        String cookie = post("/api/auth/sign-in").then().statusCode(200).extract().header("Set-Cookie");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        given().port(port).header("Cookie", pair).get("/api/me").then().statusCode(200).body("user", equalTo("u1"));
        given().port(port).get("/api/me").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("message", equalTo("Unauthorized"));
    }

    @Test
    void rateLimitRunsBeforeSpringSecuritySoLimitedRequestsDoNoAuthentication() {
        for (int i = 0; i < 2; i++) { // /secured falls under the /secured rule: 2 per minute
            given().port(port).header("X-Forwarded-For", client).auth().preemptive().basic("nobody", "wrong")
                    .get("/api/auth/secured").then().statusCode(401).header("RateLimit", notNullValue());
        }
        given().port(port).header("X-Forwarded-For", client).auth().preemptive().basic("nobody", "wrong")
                .get("/api/auth/secured").then().statusCode(429)
                .body("message", equalTo("Too many requests. Please try again later."));
    }

    @Test
    void asyncEndpointBehindTheFiltersAnswers() {
        given().port(port).header("X-Forwarded-For", client).get("/api/auth/async").then().statusCode(200)
                .body("async", equalTo("done")).header("RateLimit", notNullValue());
    }

    @Test
    void actuatorShowsHealthAndMetrics() {
        post("/api/auth/sign-in").then().statusCode(200);
        given().port(port).get("/actuator/health").then().statusCode(200)
                .body("components.authstash.status", equalTo("UP"))
                .body("components.authstash.details.backend", equalTo("redis"))
                .body("components.authstash.details.circuit", equalTo("CLOSED"));
        given().port(port).get("/actuator/metrics/authstash.ratelimit.decisions").then().statusCode(200)
                .body("availableTags.tag", hasItem("rule")).body("availableTags.tag", hasItem("outcome"));
        given().port(port).queryParam("tag", "rule:/sign-in").queryParam("tag", "outcome:allowed")
                .get("/actuator/metrics/authstash.ratelimit.decisions").then().statusCode(200)
                .body("measurements[0].value", org.hamcrest.Matchers.greaterThanOrEqualTo(1.0f));
        given().port(port).get("/actuator/metrics/authstash.storage.calls").then().statusCode(200);
        given().port(port).get("/actuator/metrics/authstash.circuit.state").then().statusCode(200);
    }

    /** Issue 21 §5: the Actuator endpoint reads rules, overrides, blocked keys, health; writes overrides and resets. */
    @Test
    void actuatorEndpointAuthstashReadsAndChangesLimits() {
        String base = "/actuator/authstash";
        io.restassured.response.Response view = given().port(port).get(base);
        view.then().statusCode(200).body("health.status", equalTo("UP")).body("health.backend", equalTo("redis"))
                .body("customRules.'/sign-in'[0].max", equalTo(2));
        int version = view.jsonPath().getInt("overrides.version");
        try {
            changeLimits(base, version);
        } finally {
            if (authstash.ruleOverrides().active()) { // other tests share this Redis: back to the file's rules
                authstash.removeRuleOverrides(authstash.ruleOverrides().version(), "test");
            }
        }
    }

    private void changeLimits(String base, int version) {
        given().port(port).contentType("application/json")
                .body(java.util.Map.of("customRules", "{\"/sign-in\": {\"window\": 60, \"max\": 1}}", "version", version))
                .post(base + "/overrides").then().statusCode(200).body("version", equalTo(version + 1));
        given().port(port).get(base).then().statusCode(200).body("customRules.'/sign-in'[0].max", equalTo(1));
        post("/api/auth/sign-in").then().statusCode(200);
        post("/api/auth/sign-in").then().statusCode(429);
        given().port(port).get(base).then().statusCode(200).body("blocked.rule", hasItem("/sign-in"));
        given().port(port).queryParam("rule", "/sign-in").queryParam("key", client).get(base + "/state").then()
                .statusCode(200).body("remaining", equalTo(0)).body("blockedUntil", notNullValue());
        given().port(port).contentType("application/json").body(java.util.Map.of("rule", "/sign-in", "key", client))
                .post(base + "/reset").then().statusCode(200);
        post("/api/auth/sign-in").then().statusCode(200);
        given().port(port).contentType("application/json")
                .body(java.util.Map.of("customRules", "{\"/sign-in\": {\"window\": 60, \"max\": 0}}"))
                .post(base + "/overrides").then().statusCode(400);
        given().port(port).queryParam("version", version + 1).delete(base).then().statusCode(200)
                .body("version", equalTo(version + 2));
        given().port(port).get(base).then().statusCode(200).body("customRules.'/sign-in'[0].max", equalTo(2));
    }
}
