package dev.authstash.jaxrs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthstashFeature} registered by class name only, as from {@code web.xml}: it must find its config
 * ({@code /sign-in/email} limited to 1 per minute) through the {@code authstash.config} property.
 */
class NoArgFeatureTest {
    static final String CONFIG = "classpath:authstash-jaxrs-test.json";
    private Server server;

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void jerseyReadsTheConfigLocationFromAServletInitParam() throws Exception {
        ServletHolder holder = new ServletHolder(ServletContainer.class);
        holder.setInitParameter("jersey.config.server.provider.classnames",
                AuthstashFeature.class.getName() + "," + TestResources.class.getName());
        holder.setInitParameter(AuthstashFeature.CONFIG_PROPERTY, CONFIG);
        assertLimitedToOne(start(holder));
    }

    @Test
    void resteasyReadsTheConfigLocationFromApplicationProperties() throws Exception {
        ServletHolder holder = new ServletHolder(HttpServlet30Dispatcher.class);
        holder.setInitParameter("jakarta.ws.rs.Application", PropertiesApplication.class.getName());
        holder.setInitParameter("resteasy.servlet.mapping.prefix", "/api");
        assertLimitedToOne(start(holder));
    }

    public static class PropertiesApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(TestResources.class, AuthstashFeature.class);
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of(AuthstashFeature.CONFIG_PROPERTY, CONFIG);
        }
    }

    private int start(ServletHolder holder) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        holder.setInitOrder(1);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    private static void assertLimitedToOne(int port) {
        String url = "http://127.0.0.1:" + port + "/app/api/auth/sign-in/email";
        assertThat(given().post(url).header("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=1;w=60");
        assertThat(given().post(url).statusCode()).isEqualTo(429);
        assertThat(given().get("http://127.0.0.1:" + port + "/app/api/account/me").statusCode()).isEqualTo(401);
    }
}
