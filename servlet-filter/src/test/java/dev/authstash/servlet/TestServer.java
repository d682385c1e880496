package dev.authstash.servlet;

import dev.authstash.Authstash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty 12 server on a free loopback port, deploying a web app from a test webapp directory. */
final class TestServer implements AutoCloseable {
    static final String CONTEXT = "/shop";
    private final Server server;
    private final WebAppContext webapp;

    private TestServer(Server server, WebAppContext webapp) {
        this.server = server;
        this.webapp = webapp;
    }

    /**
     * Deploys {@code src/test/<dir>} at {@link #CONTEXT} from its {@code WEB-INF/web.xml}.
     *
     * @param configLocation when not null, an override descriptor (a second, real web.xml) sets the
     *                       context-param {@code authstash.config} to it
     */
    static TestServer deploy(String dir, String configLocation) throws Exception {
        return deploy(dir, configLocation, false);
    }

    /**
     * @param lenient when true, Jetty passes ambiguous URIs ({@code //}, {@code %2F}, {@code %2e}, …) to the
     *                application instead of answering 400, so the filters alone must hold the line
     */
    static TestServer deploy(String dir, String configLocation, boolean lenient) throws Exception {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT);
        webapp.setWar(Path.of("src/test", dir).toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        if (configLocation != null) {
            webapp.addOverrideDescriptor(overrideDescriptor(configLocation).toString());
        }
        if (lenient) {
            webapp.getServletHandler().setDecodeAmbiguousURIs(true);
        }
        return start(webapp, webapp, lenient);
    }

    static TestServer start(Handler handler, WebAppContext webapp) throws Exception {
        return start(handler, webapp, false);
    }

    private static TestServer start(Handler handler, WebAppContext webapp, boolean lenient) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        if (lenient) {
            server.getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                    .setUriCompliance(UriCompliance.UNSAFE);
        }
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new TestServer(server, webapp);
    }

    private static Path overrideDescriptor(String configLocation) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param>
                    <param-name>authstash.config</param-name>
                    <param-value>%s</param-value>
                  </context-param>
                </web-app>
                """.formatted(configLocation);
        try {
            Path file = Files.createTempFile("authstash-override-web", ".xml");
            Files.writeString(file, xml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>/shop} */
    String base() {
        return "http://127.0.0.1:" + port() + CONTEXT;
    }

    /** The listener's shared instance. */
    Authstash authstash() {
        return AuthstashListener.get(webapp.getServletContext());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
