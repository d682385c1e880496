package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code param:<name>} keys through the servlet filter on Jetty 12 over a real redis-server: the limiter counts the
 * parameter the container parsed — the value a form login reads — so no spelling, position or address escapes the
 * account bucket, and a missing parameter fails closed.
 */
class ParamKeyServletTest {
    private static RedisProcess redis;
    private static Authstash authstash;
    private static TestServer server;

    /** A form login: reads {@code username} as Spring Security does ({@code getParameter}, trimmed); 401 unless "right". */
    static final class FormLogin extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            String user = req.getParameter("username");
            res.setStatus("right".equals(req.getParameter("password")) ? 200 : 401);
            res.setContentType("text/plain");
            res.getWriter().print("user=" + (user == null ? "" : user.trim()));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.launch();
        String json = """
                {"basePath": "", "secondaryStorage": {"url": "%s"},
                 "rateLimit": {"customRules": {"/login": [
                     {"window": 60, "max": 1000},
                     {"window": 900, "max": 3, "key": "param:username", "count": [401], "methods": ["POST"]}]}}}"""
                .formatted(redis.url());
        authstash = Authstash.builder(ConfigLoader.parse(json, n -> null)).environment(n -> null)
                .secret("0123456789abcdef0123456789abcdef-test").build();
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new FormLogin()), "/*");
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

    private static Response form(String user, String password) {
        return http().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("username", user)
                .formParam("password", password).post("/login");
    }

    @Test
    void everySpellingAndPlaceOfOneAccountSharesItsBucket() {
        Response first = form(" Victim@x.io", "wrong");
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.body().asString()).isEqualTo("user=Victim@x.io");
        assertThat(form("victim@x.io\u200b", "wrong").statusCode()).isEqualTo(401);
        // in the query string, as the container (and the form login) takes it first
        Response query = http().contentType("application/x-www-form-urlencoded").queryParam("username", "VICTIM@x.io")
                .formParam("username", "decoy@x.io").formParam("password", "wrong").post("/login");
        assertThat(query.body().asString()).as("the servlet reads the query value, as the limiter").isEqualTo(
                "user=VICTIM@x.io");
        assertThat(query.statusCode()).isEqualTo(401);
        Response locked = form("victim@x.io", "right");
        assertThat(locked.statusCode()).as("3 failures, whatever the spelling: locked").isEqualTo(429);
        assertThat(locked.header("RateLimit-Policy")).isEqualTo("\"/login#2\";q=3;w=900");
        assertThat(form("decoy@x.io", "right").statusCode()).as("the decoy was never counted").isEqualTo(200);
    }

    @Test
    void aMissingOrBlankParameterIsRefusedBeforeTheServletAndCountsNothing() {
        for (int i = 0; i < 5; i++) {
            for (Response r : new Response[] {
                    http().contentType("application/x-www-form-urlencoded").formParam("password", "wrong").post("/login"),
                    form("\u200b ", "wrong"),
                    http().contentType("application/json").body("{\"username\":\"owner@x.io\"}").post("/login")}) {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/json");
                assertThat(r.body().asString()).isEqualTo("{\"message\":\"Invalid request: username is required\"}");
            }
        }
        assertThat(form("owner@x.io", "right").statusCode()).isEqualTo(200);
    }
}
