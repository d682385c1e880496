package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/** ServletSessions and the session filter's cookie handling, over HTTP on embedded Jetty. */
class ServletSessionsTest {
    private static final String CLEARED = "shop_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax";

    /** {@code POST /api/auth/login-as?user=…}, {@code POST /api/auth/sign-out}, anything else: who is signed in. */
    static final class AuthServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/plain");
            try {
                if (req.getRequestURI().endsWith("/login-as")) {
                    res.getWriter().print(ServletSessions.signIn(req, res, req.getParameter("user")).token());
                } else if (req.getRequestURI().endsWith("/sign-out")) {
                    ServletSessions.signOut(req, res);
                    res.getWriter().print("signed out");
                } else {
                    res.getWriter().print("user=" + req.getRemoteUser());
                }
            } catch (SessionStorageUnavailableException e) {
                res.setStatus(503);
            }
        }
    }

    private static TestServer serve(Authstash authstash) throws Exception {
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new SessionFilter(authstash)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new AuthServlet()), "/*");
        return TestServer.start(context, null);
    }

    private static Authstash authstash(Consumer<ObjectNode> edit) {
        return Authstash.builder(ConfigLoader.load(TestConfigs.derive(edit))).environment(k -> null).build();
    }

    private static RequestSpecification http(TestServer server) {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT);
    }

    @Test
    void signInSetsTheCookieTheFilterRefreshesItAndSignOutClearsIt() throws Exception {
        try (Authstash authstash = authstash(root -> ((ObjectNode) root.get("session"))
                .put("expiresIn", 3600).put("updateAge", 0));
             TestServer server = serve(authstash)) {
            Response in = http(server).header("User-Agent", "servlet-test").post("/api/auth/login-as?user=ann");
            String token = in.body().asString();
            assertThat(in.headers().getValues("Set-Cookie")).singleElement().asString()
                    .matches("shop_session=" + token.replace(".", "\\.") + "; Max-Age=3[56]\\d\\d; Path=/; HttpOnly; SameSite=Lax");
            assertThat(in.header("Cache-Control")).isEqualTo("no-store");
            assertThat(authstash.gate().session(token).orElseThrow().userAgent()).isEqualTo("servlet-test");

            Thread.sleep(5); // the session's updatedAt moves: updateAge 0 extends it on every request
            Response seen = http(server).cookie("shop_session", token).get("/private/page");
            assertThat(seen.body().asString()).isEqualTo("user=ann");
            assertThat(seen.header("Cache-Control")).isEqualTo("no-store");
            assertThat(seen.headers().getValues("Set-Cookie")).as("extended, so sent again").singleElement().asString()
                    .startsWith("shop_session=" + token + "; Max-Age=");

            Response forged = http(server).cookie("shop_session", token).header("Origin", "https://evil.example")
                    .post("/api/auth/sign-out");
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body().asString()).isEqualTo("{\"message\":\"Invalid origin\"}");
            assertThat(authstash.gate().session(token)).isPresent();

            Response out = http(server).cookie("shop_session", token)
                    .header("Origin", "http://127.0.0.1:" + server.port()).post("/api/auth/sign-out");
            assertThat(out.statusCode()).isEqualTo(200);
            assertThat(out.headers().getValues("Set-Cookie")).containsExactly(CLEARED);
            Response gone = http(server).cookie("shop_session", token).get("/private/page");
            assertThat(gone.statusCode()).isEqualTo(401);
            assertThat(gone.headers().getValues("Set-Cookie")).as("a stale cookie is cleared").containsExactly(CLEARED);
        }
    }

    @Test
    void signOutWithRedisDownAnswers503AndStillClearsTheCookie() throws Exception {
        try (RedisProcess redis = RedisProcess.launch();
             Authstash authstash = authstash(TestConfigs.redis(redis.url()));
             TestServer server = serve(authstash)) {
            String token = http(server).post("/api/auth/login-as?user=bob").body().asString();
            redis.stop();
            Response out = http(server).header("Authorization", "Bearer " + token).cookie("shop_session", token)
                    .header("Origin", "http://127.0.0.1:" + server.port()).post("/api/auth/sign-out");
            assertThat(out.statusCode()).isEqualTo(503);
            assertThat(out.headers().getValues("Set-Cookie")).containsExactly(CLEARED);
            assertThat(out.header("Retry-After")).isNotNull();
            Response elsewhere = http(server).cookie("shop_session", token).get("/private/page");
            assertThat(elsewhere.statusCode()).isEqualTo(503);
            assertThat(elsewhere.headers().getValues("Set-Cookie")).as("an outage does not sign anyone out").isEmpty();
        }
    }

    @Test
    void withTheCookieCacheBothCookiesAreSetTheFilterReadsTheCacheAndSignOutClearsBoth() throws Exception {
        try (Authstash authstash = authstash(root -> ((ObjectNode) root.get("session")).putObject("cookieCache")
                .put("enabled", true).put("maxAge", 120));
             TestServer server = serve(authstash)) {
            Response in = http(server).post("/api/auth/login-as?user=ann");
            String token = in.body().asString();
            assertThat(in.headers().getValues("Set-Cookie")).hasSize(2)
                    .anySatisfy(c -> assertThat(c).startsWith("shop_session=" + token + ";"))
                    .anySatisfy(c -> assertThat(c).startsWith("shop_session_data=").contains("; Max-Age=120;"));
            String data = in.getCookie("shop_session_data");

            Response cached = http(server).cookie("shop_session", token).cookie("shop_session_data", data)
                    .get("/private/page");
            assertThat(cached.body().asString()).isEqualTo("user=ann");
            assertThat(cached.headers().getValues("Set-Cookie")).as("answered from the cache cookie").isEmpty();
            authstash.sessions().revoke(token); // a revocation reaches the cookie cache (issue 21 §4)
            Response revoked = http(server).cookie("shop_session", token).cookie("shop_session_data", data)
                    .get("/private/page");
            assertThat(revoked.statusCode()).as("a revoked session's cache cookie is refused").isEqualTo(401);
            Response stored = http(server).cookie("shop_session", token).get("/private/page");
            assertThat(stored.statusCode()).as("without the cache cookie storage decides").isEqualTo(401);

            Response out = http(server).cookie("shop_session", token).cookie("shop_session_data", data)
                    .header("Origin", "http://127.0.0.1:" + server.port()).post("/api/auth/sign-out");
            assertThat(out.headers().getValues("Set-Cookie")).containsExactlyInAnyOrder(CLEARED,
                    "shop_session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
        }
    }

    @Test
    void aGetSessionUnderTheGlobalRuleCostsOneRedisRoundTrip() throws Exception {
        // counts Redis reads: the operations feed polls (every 250 ms) only at start-up here, or a slow run counts them
        System.setProperty(dev.authstash.storage.Feed.POLL_PROPERTY, "3600000");
        try (RedisProcess redis = RedisProcess.launch();
             Authstash authstash = authstash(TestConfigs.redis(redis.url()));
             TestServer server = serve(authstash);
             redis.clients.jedis.Jedis j = redis.jedis()) {
            String token = http(server).post("/api/auth/login-as?user=cy").body().asString();
            http(server).cookie("shop_session", token).get("/api/auth/get-session"); // scripts loaded, pool warm
            int n = 10;
            long before = reads(j);
            for (int i = 0; i < n; i++) {
                Response r = http(server).cookie("shop_session", token).get("/api/auth/get-session");
                assertThat(r.body().asString()).isEqualTo("user=cy");
                assertThat(r.header("RateLimit")).as("the global rule applied").isNotNull();
            }
            // RateLimitFilter's EVALSHA and SessionFilter's GET in one pipeline: one network read each (+1: INFO)
            assertThat(reads(j) - before - 1).isEqualTo(n);
        } finally {
            System.clearProperty(dev.authstash.storage.Feed.POLL_PROPERTY);
        }
    }

    private static long reads(redis.clients.jedis.Jedis j) {
        String info = j.info("stats");
        int at = info.indexOf("total_reads_processed:") + "total_reads_processed:".length();
        return Long.parseLong(info.substring(at, info.indexOf('\n', at)).trim());
    }
}
