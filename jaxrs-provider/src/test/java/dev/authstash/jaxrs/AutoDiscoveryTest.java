package dev.authstash.jaxrs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.servlet.AuthstashInitializer;
import dev.authstash.servlet.AuthstashListener;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.net.URL;
import java.net.URLClassLoader;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JAX-RS without code: an application that registers nothing of authstash gets {@link AuthstashAutoFeature}
 * (Jersey's auto-discovery; RESTEasy's scanned providers), sharing the {@link AuthstashListener}'s instance.
 * Config {@code authstash-jaxrs-test.json}: {@code /api/auth/sign-in/email} 1 per minute.
 */
class AutoDiscoveryTest {
    private Server server;
    private ServletContextHandler context;

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void jerseyDiscoversTheFeatureAndSharesTheListenersInstance() throws Exception {
        ServletHolder jersey = new ServletHolder(new ServletContainer(new ResourceConfig(TestResources.class)));
        int port = start(jersey, true);
        assertLimitedToOneAndShared(port);
    }

    @Test
    void resteasyConfiguresTheScannedFeatureAndSharesTheListenersInstance() throws Exception {
        ServletHolder resteasy = new ServletHolder(HttpServlet30Dispatcher.class);
        resteasy.setInitParameter("resteasy.servlet.mapping.prefix", "/api");
        // what RESTEasy's ServletContainerInitializer passes after scanning the WAR for @Provider and @Path
        resteasy.setInitParameter("resteasy.scanned.providers", AuthstashAutoFeature.class.getName());
        resteasy.setInitParameter("resteasy.scanned.resources", TestResources.class.getName());
        int port = start(resteasy, true);
        assertLimitedToOneAndShared(port);
    }

    @Test
    void jerseyBehindTheAutoRegisteredServletFilterCountsEachRequestOnce() throws Exception {
        int port = startBoth(new ServletHolder(new ServletContainer(new ResourceConfig(TestResources.class))));
        assertFiveThen429(port);
    }

    @Test
    void resteasyBehindTheAutoRegisteredServletFilterCountsEachRequestOnce() throws Exception {
        ServletHolder resteasy = new ServletHolder(HttpServlet30Dispatcher.class);
        resteasy.setInitParameter("resteasy.servlet.mapping.prefix", "/api");
        resteasy.setInitParameter("resteasy.scanned.providers", AuthstashAutoFeature.class.getName());
        resteasy.setInitParameter("resteasy.scanned.resources", TestResources.class.getName());
        assertFiveThen429(startBoth(resteasy));
    }

    /** Max 5: exactly five allowed with r=4..0, then 429; a second count per request would give r=3, 1, … */
    private void assertFiveThen429(int port) {
        String url = "http://127.0.0.1:" + port + "/app/api/auth/sign-in/email";
        List<Integer> statuses = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Response r = given().post(url);
            statuses.add(r.statusCode());
            remaining.add(String.valueOf(r.header("RateLimit")).replaceAll(";t=.*", ""));
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(remaining).containsExactly("\"/sign-in/email\";r=4", "\"/sign-in/email\";r=3",
                "\"/sign-in/email\";r=2", "\"/sign-in/email\";r=1", "\"/sign-in/email\";r=0",
                "\"/sign-in/email\";r=0");
        assertThat(AuthstashListener.get(context.getServletContext())).as("one shared instance").isNotNull();
    }

    /** As a WAR without web.xml: AuthstashInitializer registers listener and filters, the runtime finds the feature. */
    private int startBoth(ServletHolder holder) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        context = new ServletContextHandler("/app");
        context.setClassLoader(new URLClassLoader(new URL[0], getClass().getClassLoader()));
        context.setInitParameter(AuthstashListener.CONFIG_PARAM, "classpath:authstash-jaxrs-five.json");
        context.addServletContainerInitializer(new AuthstashInitializer());
        holder.setInitOrder(1);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    @Test
    void optOutPropertyKeepsJerseyUnlimited() throws Exception {
        ResourceConfig app = new ResourceConfig(TestResources.class)
                .property(AuthstashAutoFeature.AUTO_REGISTER_PROPERTY, "false");
        int port = start(new ServletHolder(new ServletContainer(app)), true);
        String url = "http://127.0.0.1:" + port + "/app/api/auth/sign-in/email";
        for (int i = 0; i < 3; i++) {
            assertThat(given().post(url).statusCode()).isNotEqualTo(429);
        }
    }

    private void assertLimitedToOneAndShared(int port) {
        String url = "http://127.0.0.1:" + port + "/app/api/auth/sign-in/email";
        assertThat(given().post(url).header("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=1;w=60");
        assertThat(given().post(url).statusCode()).isEqualTo(429);
        Authstash shared = AuthstashListener.get(context.getServletContext());
        assertThat(shared).isNotNull();
        // the JAX-RS filters counted in the listener's instance: this client's bucket is already used up
        assertThat(shared.rateLimiter().check("/api/auth/sign-in/email", "127.0.0.1").orElseThrow().allowed())
                .isFalse();
    }

    /** The app at /app, its own class loader (as a web app has), the JAX-RS servlet on /api/*. */
    private int start(ServletHolder holder, boolean listener) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        context = new ServletContextHandler("/app");
        context.setClassLoader(new URLClassLoader(new URL[0], getClass().getClassLoader()));
        if (listener) {
            context.setInitParameter(AuthstashListener.CONFIG_PARAM, NoArgFeatureTest.CONFIG);
            context.addEventListener(new AuthstashListener());
        }
        holder.setInitOrder(1);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }
}
