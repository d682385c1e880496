package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.RedisProcess;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/** The filters constructed in code around an application-owned Authstash (embedded Jetty, Redis storage). */
class ProgrammaticFilterTest {

    @Test
    void filtersBuiltInCodeLimitAndAuthenticateAndLeaveTheInstanceOpen() throws Exception {
        try (RedisProcess redis = RedisProcess.launch();
             Authstash authstash = Authstash.create(ConfigLoader.load(
                     TestConfigs.derive(TestConfigs.redis(redis.url()))))) {
            ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
            context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*",
                    EnumSet.allOf(DispatcherType.class));
            context.addFilter(new FilterHolder(new SessionFilter(authstash)), "/*",
                    EnumSet.allOf(DispatcherType.class));
            context.addServlet(new ServletHolder(new EchoServlet()), "/*");
            String token = TestSessions.create(authstash, "embedded-user");

            try (TestServer server = TestServer.start(context, null)) {
                for (int i = 0; i < 3; i++) {
                    http(server).post("/api/auth/sign-in/email").then().statusCode(200).header("RateLimit", notNullValue());
                }
                http(server).post("/api/auth/sign-in/email").then().statusCode(429);
                http(server).get("/private/data").then().statusCode(401);
                assertThat(http(server).header("Authorization", "Bearer " + token).get("/private/data").body()
                        .asString()).contains("user=embedded-user principal=embedded-user session=true");
            }
            // the filters were destroyed with the server but did not close the application's instance
            assertThat(authstash.gate().session(token)).isPresent();
        }
    }

    private static RequestSpecification http(TestServer server) {
        return given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT);
    }
}
