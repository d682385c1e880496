package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 §2 over HTTP: the servlet filter on Jetty 12 over a real redis-server, the sample's account rule
 * (failed sign-ins per e-mail, {@code "count": "failures"}), many client addresses through a trusted proxy's
 * {@code X-Forwarded-For}, and a slow sign-in servlet that holds every admitted request until the whole burst has
 * been answered or admitted: exactly {@code max} guesses reach it.
 */
class FailureReservationServletTest {
    private static final int MAX = 10;
    private static final int BURST = 60;
    private static RedisProcess redis;
    private static Authstash authstash;
    private static TestServer server;
    private static final AtomicInteger arrived = new AtomicInteger();
    private static volatile CountDownLatch release = new CountDownLatch(0);

    /** 401 for a wrong password, 400 without one, else 200; waits for {@link #release} first (a slow hash). */
    static final class SlowSignIn extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            arrived.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            res.setStatus(!body.contains("password") ? 400 : body.contains("wrong") ? 401 : 200);
            res.setContentType("application/json");
            res.getWriter().print("{}");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.launch();
        String json = """
                {"basePath": "/api/auth",
                 "secondaryStorage": {"url": "%s", "connectTimeoutMillis": 2000, "socketTimeoutMillis": 2000},
                 "advanced": {"ipAddress": {"trustedProxies": ["127.0.0.1"]}},
                 "rateLimit": {"customRules": {"/sign-in/email": [
                     {"window": 60, "max": 5},
                     {"window": 900, "max": %d, "key": "body:email", "count": "failures"}]}}}"""
                .formatted(redis.url(), MAX);
        authstash = Authstash.builder(ConfigLoader.parse(json, n -> null)).environment(n -> null)
                .secret("0123456789abcdef0123456789abcdef-test").build();
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new SlowSignIn()), "/*");
        server = TestServer.start(context, null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        authstash.close();
        redis.stop();
    }

    @BeforeEach
    void reset() {
        arrived.set(0);
        release = new CountDownLatch(0);
    }

    private static Response signIn(String forwardedFor, String body) {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT)
                .header("X-Forwarded-For", forwardedFor).contentType("application/json").body(body)
                .post("/api/auth/sign-in/email");
    }

    /**
     * {@link #BURST} concurrent sign-ins with {@code body} from as many addresses; the servlet holds the admitted
     * ones until every request was either admitted or answered. Returns the count of each status.
     */
    private static Map<Integer, Integer> burst(String body) throws Exception {
        arrived.set(0);
        release = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        Thread opener = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (arrived.get() + refused.get() < BURST && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            release.countDown();
        });
        opener.start();
        List<Integer> statuses = Race.run(BURST, t -> {
            int status = signIn("203.0.113." + (t + 1), body).statusCode();
            if (status != 200 && status != 400 && status != 401) {
                refused.incrementAndGet();
            }
            return status;
        });
        opener.join(TimeUnit.SECONDS.toMillis(5));
        Map<Integer, Integer> byStatus = new TreeMap<>();
        statuses.forEach(s -> byStatus.merge(s, 1, Integer::sum));
        return byStatus;
    }

    @Test
    void sixtyConcurrentWrongGuessesFromSixtyAddressesLetExactlyMaxThrough() throws Exception {
        Map<Integer, Integer> byStatus = burst("{\"email\":\"victim@x.io\",\"password\":\"wrong\"}");
        assertThat(byStatus).isEqualTo(Map.of(401, MAX, 429, BURST - MAX));
        assertThat(arrived.get()).as("guesses that reached the password check").isEqualTo(MAX);
        Response owner = signIn("198.51.100.9", "{\"email\":\"victim@x.io\",\"password\":\"right\"}");
        assertThat(owner.statusCode()).isEqualTo(429);
        assertThat(owner.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2\";q=10;w=900");
    }

    @Test
    void aBurstOfCorrectSignInsReleasesEverySlot() throws Exception {
        String right = "{\"email\":\"owner@x.io\",\"password\":\"right\"}";
        assertThat(burst(right)).isEqualTo(Map.of(200, MAX, 429, BURST - MAX));
        assertThat(burst(right)).as("the slots came back").isEqualTo(Map.of(200, MAX, 429, BURST - MAX));
        for (int i = 0; i < MAX; i++) {
            assertThat(signIn("198.51.100." + (i + 1), "{\"email\":\"owner@x.io\",\"password\":\"wrong\"}")
                    .statusCode()).as("wrong guess " + (i + 1)).isEqualTo(401);
        }
        assertThat(signIn("198.51.100.99", right).statusCode()).isEqualTo(429);
    }

    /** Issue 19 §3: requests without a password (400) cost an attacker's victim nothing. */
    @Test
    void malformedSignInsNeverLockTheOwnerOut() {
        for (int i = 0; i < 3 * MAX; i++) {
            assertThat(signIn("203.0.113." + (i + 1), "{\"email\":\"target@x.io\"}").statusCode()).isEqualTo(400);
        }
        assertThat(signIn("198.51.100.9", "{\"email\":\"target@x.io\",\"password\":\"right\"}").statusCode())
                .isEqualTo(200);
    }
}
