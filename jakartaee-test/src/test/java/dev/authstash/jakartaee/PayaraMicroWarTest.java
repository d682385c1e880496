package dev.authstash.jakartaee;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full Jakarta EE 11 server, Payara Micro 7, with a WAR that has no {@code web.xml} and no authstash code: the
 * servlet adapter registers itself ({@code AuthstashInitializer}), Jersey discovers {@code AuthstashAutoFeature}, and
 * each request is counted once. The configuration is the README quick start's {@code authstash.json}, verbatim;
 * storage is Redis from {@code REDIS_URL} (as the README's deployments set it). One server and one Redis for the class;
 * each test uses its own route.
 */
class PayaraMicroWarTest {
    private static final String TOO_MANY = "{\"message\":\"Too many requests. Please try again later.\"}";
    private static RedisProcess redis;
    private static PayaraMicro payara;

    /** The first {@code json} block of the README's Quick start: the {@code authstash.json} a user writes. */
    static String readmeAuthstashJson() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"));
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(quickStart);
        assertThat(m.find()).as("a json block in the README's Quick start").isTrue();
        return m.group(1);
    }

    @BeforeAll
    static void boot() throws Exception {
        redis = RedisProcess.launch();
        payara = PayaraMicro.start(readmeAuthstashJson(), "dev.authstash.jakartaee.app",
                Map.of("REDIS_URL", redis.url(), "AUTHSTASH_SECRET", "payara-micro-test-secret-0123456789abcdef"),
                "/api/hello");
    }

    @AfterAll
    static void shutDown() throws Exception {
        if (payara != null) {
            payara.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static RequestSpecification http() {
        return given().baseUri("http://127.0.0.1").port(payara.port()).basePath(PayaraMicro.CONTEXT);
    }

    private static int remaining(Response r) {
        String header = r.header("RateLimit");
        assertThat(header).as("RateLimit header; server log: %s", header == null ? payara.tail() : "").isNotNull();
        Matcher m = Pattern.compile(";r=(\\d+);").matcher(header);
        assertThat(m.find()).as(header).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void signInAllowsExactlyMaxCountingEachRequestOnceThen429_andJaxrsSessionsSignsIn() {
        List<Integer> statuses = new ArrayList<>();
        List<Integer> remaining = new ArrayList<>();
        String cookie = null;
        for (int i = 0; i < 5; i++) {
            Response r = http().header("X-User", "alice").post("/api/auth/sign-in/email");
            statuses.add(r.statusCode());
            assertThat(r.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=5;w=60");
            remaining.add(remaining(r));
            if (cookie == null) {
                cookie = r.header("Set-Cookie");
            }
        }
        Response refused = http().header("X-User", "alice").post("/api/auth/sign-in/email");
        assertThat(statuses).as(payara.tail()).containsExactly(200, 200, 200, 200, 200);
        assertThat(remaining).containsExactly(4, 3, 2, 1, 0);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body().asString()).isEqualTo(TOO_MANY);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.header("X-Retry-After")).isEqualTo(refused.header("Retry-After"));
        assertThat(remaining(refused)).isZero();

        // JaxrsSessions.signIn set the session cookie; the session filter resolves it for the resource
        assertThat(cookie).as("Set-Cookie of the first sign-in").contains("HttpOnly").contains("SameSite=Lax");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        assertThat(http().header("Cookie", pair).get("/api/account/me").body().asString()).isEqualTo("user=alice");
        assertThat(http().get("/api/account/me").body().asString()).isEqualTo("user=anonymous");
    }

    @Test
    void forgetPasswordAtMaxThreeLetsThreeThrough() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(http().post("/api/auth/forget-password").statusCode());
        }
        assertThat(statuses).as(payara.tail()).containsExactly(200, 200, 200, 429, 429);
    }

    @Test
    void fortyParallelSignUpsAtMaxFiveLetExactlyFiveThrough() throws Exception {
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Integer> call = () -> {
                    go.await();
                    return http().post("/api/auth/sign-up/email").statusCode();
                };
                answers.add(pool.submit(call));
            }
            go.countDown();
            int ok = 0;
            int limited = 0;
            for (Future<Integer> f : answers) {
                int s = f.get();
                if (s == 200) {
                    ok++;
                } else if (s == 429) {
                    limited++;
                }
            }
            assertThat(ok).as(payara.tail()).isEqualTo(5);
            assertThat(limited).isEqualTo(35);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rateLimitOnAResourceMethodIsEnforcedOnce() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(http().post("/api/imports").statusCode());
        }
        assertThat(statuses).as(payara.tail()).containsExactly(202, 202, 429, 429);
    }
}
