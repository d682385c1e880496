package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the filters do when deployed from {@code src/test/webapp-gated/WEB-INF/web.xml} (listener + both
 * filters mapped on every dispatcher + an echo servlet) in a real Jetty 12 {@code WebAppContext} at
 * {@code /shop}. Rules: {@code servlet-memory.json}. Each test owns its rule, so order does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebXmlDeploymentContract {
    static final String TOO_MANY = "{\"message\":\"Too many requests. Please try again later.\"}";
    TestServer server;

    abstract TestServer deploy() throws Exception;

    @BeforeAll
    void start() throws Exception {
        server = deploy();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    RequestSpecification http() {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT)
                .urlEncodingEnabled(false).redirects().follow(false);
    }

    @Test
    void limitReachedAnswers429WithAllHeadersAndTheExactBody() {
        for (int i = 0; i < 3; i++) {
            http().post("/api/auth/sign-in/email").then().statusCode(200);
        }
        Response limited = http().post("/api/auth/sign-in/email");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/json");
        assertThat(limited.body().asString()).isEqualTo(TOO_MANY);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(limited.header("X-Retry-After")).isEqualTo(limited.header("Retry-After"));
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=3;w=60");
        assertThat(limited.header("RateLimit")).matches("\"/sign-in/email\";r=0;t=\\d+");
    }

    @Test
    void allowedResponsesOnLimitedRoutesCarryRateLimitHeaders() {
        Response first = http().get("/api/auth/sign-up/email");
        Response second = http().get("/api/auth/sign-up/email");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body().asString()).startsWith("path=/api/auth/sign-up/email ");
        assertThat(first.header("RateLimit-Policy")).isEqualTo("\"/sign-up/email\";q=50;w=60");
        assertThat(first.header("RateLimit")).matches("\"/sign-up/email\";r=49;t=\\d+");
        assertThat(second.header("RateLimit")).matches("\"/sign-up/email\";r=48;t=\\d+");
    }

    @Test
    void twoHundredConcurrentRequestsGetExactlyTheMax() throws Exception {
        int port = server.port();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return RawHttp.get(port, "/shop/api/auth/burst");
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (Future<Integer> call : calls) {
                byStatus.merge(call.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(byStatus).isEqualTo(Map.of(200, 10, 429, 190));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void otherRoutesAreUnaffectedByALimitedRoute() {
        http().get("/api/auth/other-limited").then().statusCode(200);
        http().get("/api/auth/other-limited").then().statusCode(429);

        Response outside = http().get("/public/page");
        assertThat(outside.statusCode()).isEqualTo(200);
        assertThat(outside.header("RateLimit")).isNull();
        assertThat(outside.header("RateLimit-Policy")).isNull();
        Response global = http().get("/api/auth/get-session");
        assertThat(global.statusCode()).isEqualTo(200);
        assertThat(global.header("RateLimit-Policy")).isEqualTo("\"default\";q=100;w=60");
    }

    @Test
    void aFalseRuleIsNeverLimitedEvenPastTheGlobalMax() {
        for (int i = 0; i < 110; i++) {
            Response r = http().get("/api/auth/health");
            assertThat(r.statusCode()).as("request %d", i + 1).isEqualTo(200);
            assertThat(r.header("RateLimit")).isNull();
        }
    }

    @Test
    void everyOddSpellingOfALimitedPathIsLimitedOrRejected() throws Exception {
        assertThat(RawHttp.get(server.port(), "/shop/api/auth/odd/target")).isEqualTo(200);
        assertThat(RawHttp.get(server.port(), "/shop/api/auth/odd/target")).isEqualTo(200);
        assertThat(RawHttp.get(server.port(), "/shop/api/auth/odd/target")).isEqualTo(429);

        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (String spelling : ODD_SPELLINGS) {
            statuses.put(spelling, RawHttp.get(server.port(), spelling));
        }
        System.out.println("odd spellings -> status: " + statuses);
        List<String> escaped = new ArrayList<>();
        statuses.forEach((spelling, status) -> {
            if (status != 429 && !(status >= 400 && status < 500)) {
                escaped.add(spelling + " -> " + status);
            }
        });
        assertThat(escaped).as("spellings answered neither 429 nor a 4xx rejection").isEmpty();
        assertThat(statuses.values()).as("most spellings reach the filter and are limited").filteredOn(s -> s == 429)
                .hasSizeGreaterThan(ODD_SPELLINGS.size() / 2);
    }

    /** An encoded {@code ;} is data, not a path parameter: the container and core both see another resource. */
    @Test
    void anEncodedSemicolonNamesAnotherResourceForTheContainerToo() {
        Response r = http().get("/api/auth/odd/target%3Bjsessionid=x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().asString()).startsWith("path=/api/auth/odd/target;jsessionid=x ");
        assertThat(r.header("RateLimit-Policy")).as("global rule, not /odd/target").isEqualTo("\"default\";q=100;w=60");
    }

    static final List<String> ODD_SPELLINGS = List.of(
            "/shop/api/auth/odd/target/", "/shop/api/auth/odd/target//", "/shop/api/auth//odd/target",
            "/shop//api/auth/odd/target", "/shop/api/auth/odd//target", "/shop/api/auth/odd/%74arget",
            "/shop/api/auth/odd/targ%65t", "/shop/api/auth/%6Fdd/target", "/shop/api/%61uth/odd/target",
            "/shop/api/auth/odd/target;jsessionid=x", "/shop/api/auth/odd;x=1/target", "/shop/api/auth;a=b/odd/target",
            "/shop/api/auth/odd/target;", "/shop/api/auth/odd/./target", "/shop/api/auth/./odd/target",
            "/shop/api/auth/x/../odd/target", "/shop/api/auth/odd/target/.", "/shop/api/auth/odd/x/..;/target",
            "/shop/api/auth/odd/%2e/target", "/shop/api/auth/odd/x/%2e%2e/target", "/shop/api/auth/odd%2Ftarget",
            "/shop/api/auth/odd/target?x=1", "/shop/api/auth/odd/target/?a=b", "/shop/api/auth/odd\\target",
            "/shop/api/auth/odd%5Ctarget", "/shop/api/auth/odd/target#frag",
            "/shop/api/auth/odd/target%00", "/sh%6Fp/api/auth/odd/target", "/shop;v=1/api/auth/odd/target",
            "//shop/api/auth/odd/target", "/shop/./api/auth/odd/target", "/x/../shop/api/auth/odd/target",
            "/shop/api/../../shop/api/auth/odd/target", "/shop/api/auth/odd/target/x/..", "/shop/api/auth/odd/target%2F",
            "/shop/api/auth/odd/%2e%2e/odd/target", "/shop%2Fapi/auth/odd/target", "/shop/api/auth/odd/t%61rget;a=%2F",
            "http://127.0.0.1/shop/api/auth/odd/target");

    @Test
    void corsPreflightIsNotLimitedByDefault() {
        for (int i = 0; i < 10; i++) {
            http().header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                    .options("/api/auth/preflight").then().statusCode(200);
        }
        http().get("/api/auth/preflight").then().statusCode(200); // the preflights did not use the quota
        http().get("/api/auth/preflight").then().statusCode(200);
        http().get("/api/auth/preflight").then().statusCode(429);
    }

    @Test
    void aForwardIsCountedOnce() {
        assertCountedOnce("/api/auth/fwd/start?forward=/api/auth/fwd/target", 200, "path=/api/auth/fwd/target",
                "dispatch=FORWARD");
    }

    @Test
    void anIncludeIsCountedOnce() {
        assertCountedOnce("/api/auth/inc/start?include=/api/auth/inc/part", 200, "including path=/api/auth/inc/start",
                "dispatch=INCLUDE");
    }

    @Test
    void anErrorPageDispatchIsCountedOnce() {
        assertCountedOnce("/api/auth/err/start?error=404", 404, "path=/api/auth/err/page", "dispatch=ERROR");
    }

    @Test
    void anAsyncDispatchIsCountedOnce() {
        assertCountedOnce("/api/auth/async/start?async=/api/auth/async/target", 200, "path=/api/auth/async/target",
                "dispatch=ASYNC");
    }

    /** Rule max is 4: with double counting the 3rd request would already be refused. */
    private void assertCountedOnce(String path, int status, String... bodyParts) {
        for (int i = 0; i < 4; i++) {
            Response r = http().get(path);
            assertThat(r.statusCode()).as("request %d", i + 1).isEqualTo(status);
            assertThat(r.body().asString()).contains(bodyParts);
        }
        http().get(path).then().statusCode(429);
    }

    @Test
    void hostileHeadersGetA4xxOrNormalHandlingNeverA500() throws Exception {
        int port = server.port();
        assertThat(RawHttp.get(port, "/shop/api/auth/get-session", "X-Big: " + "a".repeat(100_000)))
                .isBetween(400, 499);
        assertThat(RawHttp.get(port, "/shop/api/auth/get-session", "Cookie: " + "c=" + "x".repeat(100_000)))
                .isBetween(400, 499);
        List<String> garbage = List.of("Cookie: shop_session=%zz%00\u0001\u00ff; ;;=;", "Cookie: shop_session",
                "Cookie: shop_session=\"unterminated", "Cookie: shop_session=" + "A".repeat(6000),
                "Authorization: Bearer", "Authorization: Bearer \u00ff\u00fe../../%00", "Authorization: Basic Zm9vOmJhcg==",
                "X-Forwarded-For: ::::, not-an-ip, 999.1.1.1", "Forwarded: for=\"[::1\";by=;;;");
        for (String header : garbage) {
            int publicStatus = RawHttp.get(port, "/shop/public/page", header);
            int privateStatus = RawHttp.get(port, "/shop/private/data", header);
            assertThat(publicStatus).as(header).isIn(200, 400);
            assertThat(privateStatus).as(header).isIn(401, 400);
        }
    }

    @Test
    void aValidBearerTokenMakesTheSessionUserTheRemoteUser() {
        String token = TestSessions.create(server.authstash(), "user-42");
        Response r = http().header("Authorization", "Bearer " + token).get("/private/data");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().asString()).isEqualTo(
                "path=/private/data user=user-42 principal=user-42 session=true dispatch=REQUEST");
    }

    @Test
    void theConfiguredCookieCarriesTheSessionTooButNotTheDefaultName() {
        String token = TestSessions.create(server.authstash(), "user-cookie");
        assertThat(http().cookie("shop_session", token).get("/public/page").body().asString())
                .contains("user=user-cookie principal=user-cookie session=true");
        http().cookie("authstash.session_token", token).get("/private/data").then().statusCode(401);
    }

    @Test
    void aProtectedPathWithoutASessionAnswers401Json() {
        Response r = http().get("/private/data");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().asString()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(http().get("/public/page").body().asString())
                .isEqualTo("path=/public/page user=null principal=null session=false dispatch=REQUEST");
    }

    @Test
    void garbageAndRevokedTokensAre401OnProtectedPaths() {
        for (String garbage : List.of("x", "not-a-token", "A".repeat(2000), "%00%ff", "a.b.c", "../../etc/passwd")) {
            http().header("Authorization", "Bearer " + garbage).get("/private/data").then().statusCode(401);
            http().cookie("shop_session", garbage).get("/private/data").then().statusCode(401);
        }
        String token = TestSessions.create(server.authstash(), "user-revoked");
        http().header("Authorization", "Bearer " + token).get("/private/data").then().statusCode(200);
        TestSessions.revoke(server.authstash(), token);
        http().header("Authorization", "Bearer " + token).get("/private/data").then().statusCode(401);
    }
}
