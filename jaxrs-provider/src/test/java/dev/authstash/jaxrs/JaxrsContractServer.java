package dev.authstash.jaxrs;

import dev.authstash.testkit.AdapterContract;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 serving a JAX-RS runtime's servlet on {@code /*} at the contract's context path. */
final class JaxrsContractServer {
    private JaxrsContractServer() {}

    static AdapterContract.Served start(ServletHolder jaxrs) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(AdapterContract.CONTEXT);
        context.addServlet(jaxrs, "/*");
        server.setHandler(context);
        server.start();
        int port = connector.getLocalPort();
        return new AdapterContract.Served() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() throws Exception {
                server.stop();
            }
        };
    }
}
