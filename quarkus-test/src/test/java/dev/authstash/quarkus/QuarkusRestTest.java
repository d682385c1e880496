package dev.authstash.quarkus;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * authstash on Quarkus REST as the README sets it up: the {@code authstash-jaxrs} dependency, {@code authstash.json}
 * and nothing else (no feature class, no resolver) — the provider is found through the jar's Jandex index, the peer
 * address comes from the Vert.x request, storage is a real {@code redis-server} ({@link RedisResource}). The cases of
 * the adapter contract that one running app can show, over HTTP with rest-assured; clients are told apart with
 * {@code X-Forwarded-For} from loopback, a trusted proxy, so only a known peer address gets that far. The app runs
 * under {@code quarkus.http.root-path=/app}: the rules ({@code basePath /api/auth}) match inside it.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
class QuarkusRestTest {
    static final String TOO_MANY = "{\"message\":\"Too many requests. Please try again later.\"}";
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private final String client = "203.0.113." + CLIENTS.incrementAndGet();

    private static RequestSpecification http() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return given().baseUri("http://127.0.0.1").port(port).basePath("/app"); // quarkus.http.root-path
    }

    private RequestSpecification asClient() {
        return http().header("X-Forwarded-For", client);
    }

    @Test
    void aLimitedRouteCountsEachRequestOnceInRedisThenAnswers429() {
        long keysBefore = RedisResource.redis.jedis().dbSize();
        for (int i = 1; i <= 3; i++) {
            Response ok = asClient().post("/api/auth/sign-in/email");
            assertThat(ok.statusCode()).as(ok.headers().toString()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=3;w=60");
            assertThat(ok.header("RateLimit")).startsWith("\"/sign-in/email\";r=" + (3 - i) + ";t=");
        }
        Response refused = asClient().post("/api/auth/sign-in/email");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(refused.body().asString()).isEqualTo(TOO_MANY);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
        assertThat(refused.header("X-Retry-After")).isEqualTo(refused.header("Retry-After"));
        assertThat(http().header("X-Forwarded-For", "203.0.113.250").post("/api/auth/sign-in/email").statusCode())
                .as("another client has its own bucket").isEqualTo(200);
        assertThat(RedisResource.redis.jedis().dbSize()).as("counters live in Redis").isGreaterThan(keysBefore);
    }

    @Test
    void theConfigurationIsNamedInQuarkusConfigNotASystemProperty() {
        assertThat(System.getProperty("authstash.config")).isNull();
        assertThat(ConfigProvider.getConfig().getValue("authstash.config", String.class)).endsWith(".json");
        // that this document (Redis) and not classpath:authstash.json (${REDIS_URL} unset: memory) was loaded is
        // shown by aLimitedRouteCountsEachRequestOnceInRedisThenAnswers429 (its counters appear in Redis)
    }

    @Test
    void thePeerAddressIsReadWithoutAServlet() {
        Response direct = http().get("/api/auth/get-session"); // no forwarded header: keyed on the TCP peer
        assertThat(direct.statusCode()).as("not 503: the peer is known").isEqualTo(200);
        assertThat(direct.header("RateLimit-Policy")).isEqualTo("\"default\";q=100;w=60");
        Response free = http().get("/api/auth/public");
        assertThat(free.statusCode()).isEqualTo(200);
        assertThat(free.header("RateLimit")).isNull();
    }

    @Test
    void rateLimitAnnotationsAreEnforced() {
        for (int i = 0; i < 2; i++) {
            Response ok = asClient().get("/api/limited");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"AppResource#limited\";q=2;w=60");
        }
        Response refused = asClient().get("/api/limited");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body().asString()).isEqualTo(TOO_MANY);
    }

    @Test
    void signInOnAWorkerThreadSetsTheCookieAndTheSessionIsSeenAfterwards() {
        Response signedIn = asClient().header("X-Sign-In", "user-w").get("/api/hello");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body().asString()).isEqualTo("signed-in");
        assertThat(signedIn.header("X-Thread")).as("a blocking method").doesNotContain("eventloop");
        assertSessionWorks(signedIn, "user-w");
    }

    @Test
    void signInOnTheEventLoopSetsTheCookieAndTheSessionIsSeenAfterwards() {
        Response signedIn = asClient().header("X-Sign-In", "user-e").post("/api/non-blocking/sign-in");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.header("X-Thread")).as("a @NonBlocking method").contains("eventloop");
        assertSessionWorks(signedIn, "user-e");
    }

    @Test
    void protectedPathsNeedASession() {
        Response anonymous = asClient().get("/api/account/me");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.body().asString()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(asClient().get("/api/other").body().asString()).isEqualTo("user=anonymous");
    }

    private void assertSessionWorks(Response signedIn, String user) {
        String setCookie = signedIn.header("Set-Cookie");
        assertThat(setCookie).startsWith("authstash.session_token=").contains("HttpOnly");
        assertThat(signedIn.header("Cache-Control")).isEqualTo("no-store");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        Response me = asClient().header("Cookie", cookie).get("/api/account/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body().asString()).isEqualTo("user=" + user);
    }
}
