package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.LargeBody;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Body keys and failure counting through the servlet filter on Jetty 12 over a real redis-server. */
class BodyKeyServletTest {
    private static RedisProcess redis;
    private static Authstash authstash;
    private static TestServer server;

    /**
     * Echoes the body it reads (stream or reader, or the form parameter), 401 when it contains "wrong"; throws
     * (an unhandled exception, 500 from the container) when it contains "throw".
     */
    static final class SignIn extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String body = req.getContentType() != null && req.getContentType().startsWith("application/x-www-form")
                    ? "form email=" + req.getParameter("email")
                    : req.getParameter("reader") != null ? req.getReader().lines().reduce("", (a, b) -> a + b)
                    : new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("throw")) {
                throw new IllegalStateException("the sign-in backend broke"); // the container answers 500
            }
            res.setStatus(body.contains("wrong") ? 401 : 200);
            res.setContentType("text/plain");
            res.getWriter().print(body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.launch();
        String json = """
                {"basePath": "/api/auth",
                 "secondaryStorage": {"url": "%s", "connectTimeoutMillis": 2000, "socketTimeoutMillis": 2000},
                 "rateLimit": {"customRules": {"/sign-in/email": [
                     {"window": 60, "max": 1000},
                     {"window": 900, "max": 3, "key": "body:email", "count": [401, 500]}]}}}""".formatted(redis.url());
        authstash = Authstash.builder(ConfigLoader.parse(json, n -> null)).environment(n -> null)
                .secret("0123456789abcdef0123456789abcdef-test").build();
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new SignIn()), "/*");
        server = TestServer.start(context, null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        authstash.close();
        redis.stop();
    }

    private static RequestSpecification http() {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT);
    }

    private static Response signIn(String body) {
        return http().contentType("application/json").body(body).post("/api/auth/sign-in/email");
    }

    @Test
    void theServletReadsTheWholeBodyAfterTheKeyWasRead() {
        String body = "{\"email\":\"reader@x.io\",\"password\":\"pässwörd\"}";
        Response stream = signIn(body);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body().asString()).isEqualTo(body);
        Response reader = http().contentType("application/json; charset=UTF-8").body(body)
                .post("/api/auth/sign-in/email?reader=1");
        assertThat(reader.body().asString()).isEqualTo(body);
    }

    @Test
    void bodiesTheLimiterCannotReadAsTheServletWouldAreRefusedBeforeItAndCountNothing() {
        String big = "{\"email\":\"victim@x.io\",\"password\":\"wrong\",\"pad\":\"" + "y".repeat(200_000) + "\"}";
        String wrong = "{\"email\":\"victim@x.io\",\"password\":\"wrong\"}";
        for (int i = 0; i < 4; i++) { // each more than the 3 failures the account has
            assertTooLarge(big);
            assertRefused(signIn(wrong + " 0"), 400, "Invalid request body");
            assertRefused(signIn("{\"email\":\"victim@x.io\",\"password\":\"wrong\",\"x\":"
                    + "[".repeat(16 + i) + "]".repeat(16 + i) + "}"), 400, "Invalid request body");
            assertRefused(http().contentType("text/json").body(wrong).post("/api/auth/sign-in/email"), 415,
                    "Content-Type must be application/json");
            assertRefused(http().contentType("application/x-www-form-urlencoded").formParam("email", "victim@x.io")
                    .formParam("password", "wrong").post("/api/auth/sign-in/email"), 415,
                    "Content-Type must be application/json");
            assertRefused(http().contentType("application/json; charset=ISO-8859-1").body(wrong)
                    .post("/api/auth/sign-in/email"), 415, "Content-Type charset must be UTF-8");
            assertRefused(signIn("{\"password\":\"wrong\"}"), 400, "Invalid request body: email is required");
        }
        for (int i = 1; i <= 3; i++) { // padding spellings are one account
            assertThat(signIn("{\"email\":\"victim@x.io" + "\\u0001".repeat(i) + "\",\"password\":\"wrong\"}")
                    .statusCode()).isEqualTo(401);
        }
        assertThat(signIn("{\"email\":\"Victim@x.io\\u200b\",\"password\":\"right\"}").statusCode())
                .as("3 failures, whatever the spelling: locked").isEqualTo(429);
    }

    private static void assertTooLarge(String body) {
        LargeBody.Answer r = LargeBody.post("http://127.0.0.1:" + server.port() + TestServer.CONTEXT
                + "/api/auth/sign-in/email", "application/json", body);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"message\":\"Request body too large\"}");
    }

    private static void assertRefused(Response r, int status, String message) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().asString()).isEqualTo("{\"message\":\"" + message + "\"}");
    }

    @Test
    void failedSignInsLockTheAccountAcrossIpsSuccessesNever() {
        for (int i = 0; i < 10; i++) {
            assertThat(signIn("{\"email\":\"owner@x.io\",\"password\":\"right\"}").statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(signIn("{\"email\":\"OWNER@x.io\",\"password\":\"wrong\"}").statusCode()).isEqualTo(401);
        }
        Response locked = signIn("{\"email\":\"owner@x.io\",\"password\":\"right\"}");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2\";q=3;w=900");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 900L);
        assertThat(signIn("{\"email\":\"other@x.io\",\"password\":\"right\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void aServletThatThrowsCountsOneFailurePerRequest() {
        for (int i = 1; i <= 3; i++) {
            assertThat(signIn("{\"email\":\"thrower@x.io\",\"password\":\"throw\"}").statusCode())
                    .as("failure " + i + " (a double count would refuse the third)").isEqualTo(500);
        }
        assertThat(signIn("{\"email\":\"thrower@x.io\",\"password\":\"right\"}").statusCode()).isEqualTo(429);
    }
}
