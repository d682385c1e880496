package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authstash.testkit.RedisProcess;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Start-up and shutdown: who builds the Authstash, who closes it, and how a bad configuration fails. */
class LifecycleTest {
    private RedisProcess redis;

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void withoutTheListenerTheFilterBuildsItsOwnFromItsInitParam() throws Exception {
        try (TestServer server = TestServer.deploy("webapp-standalone", null)) {
            assertThat(server.authstash()).as("no listener, no shared instance").isNull();
            for (int i = 0; i < 3; i++) {
                get(server, "/api/auth/sign-in/email", 200);
            }
            get(server, "/api/auth/sign-in/email", 429);
            get(server, "/public/page", 200);
        }
    }

    @Test
    void theListenerClosesItsRedisConnectionsWhenTheAppStops() throws Exception {
        redis = RedisProcess.launch();
        TestServer server = TestServer.deploy("webapp-gated", TestConfigs.derive(TestConfigs.redis(redis.url())));
        get(server, "/api/auth/sign-up/email", 200);
        assertThat(connectedClients()).isGreaterThan(1);
        server.close();
        awaitConnectedClients(1);
    }

    @Test
    void aFilterWithItsOwnInstanceClosesItOnDestroy() throws Exception {
        redis = RedisProcess.launch();
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        FilterHolder filter = new FilterHolder(RateLimitFilter.class);
        filter.setInitParameter(AuthstashListener.CONFIG_PARAM, TestConfigs.derive(TestConfigs.redis(redis.url())));
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        TestServer server = TestServer.start(context, null);
        get(server, "/api/auth/sign-up/email", 200);
        assertThat(connectedClients()).isGreaterThan(1);
        server.close();
        awaitConnectedClients(1);
    }

    @Test
    void aBadConfigurationFailsTheDeploymentWithTheMessage() {
        String bad = TestConfigs.derive(root -> ((ObjectNode) root.get("rateLimit").get("customRules")
                .get("/sign-in/email")).put("max", -1));
        assertFailsNaming(() -> TestServer.deploy("webapp-gated", bad).close(), "max");
        assertFailsNaming(() -> TestServer.deploy("webapp-gated", "classpath:no-such-config.json").close(),
                "no-such-config.json");
    }

    @Test
    void aBadConfigurationInAFilterInitParamFailsTheStart() {
        ServletContextHandler context = new ServletContextHandler(TestServer.CONTEXT);
        FilterHolder filter = new FilterHolder(SessionFilter.class);
        filter.setInitParameter(AuthstashListener.CONFIG_PARAM,
                TestConfigs.derive(root -> ((ObjectNode) root.get("rateLimit")).put("window", "sixty")));
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        assertFailsNaming(() -> TestServer.start(context, null).close(), "rateLimit.window");
    }

    private static void assertFailsNaming(ThrowingCallable deploy, String expected) {
        assertThatThrownBy(deploy).satisfies(e -> {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
                for (Throwable s : t.getSuppressed()) {
                    messages.append(s.getMessage()).append('\n');
                }
            }
            assertThat(messages.toString()).contains(expected);
        });
    }

    private static void get(TestServer server, String path, int status) {
        given().baseUri("http://127.0.0.1").port(server.port()).basePath(TestServer.CONTEXT).get(path)
                .then().statusCode(status);
    }

    private int connectedClients() {
        try (Jedis jedis = redis.jedis()) {
            String info = jedis.info("clients");
            return Integer.parseInt(info.lines().filter(l -> l.startsWith("connected_clients:")).findFirst()
                    .orElseThrow().substring("connected_clients:".length()).trim());
        }
    }

    /** Waits (bounded) until only the test's own connection is left: the server notices closes asynchronously. */
    private void awaitConnectedClients(int expected) throws InterruptedException {
        int seen = -1;
        for (int i = 0; i < 200 && (seen = connectedClients()) != expected; i++) {
            Thread.sleep(25);
        }
        assertThat(seen).isEqualTo(expected);
    }
}
