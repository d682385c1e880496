package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.testkit.AdapterContract;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The adapter contract on the servlet filters in Jetty 12 (ee10). */
class JettyServletContractTest extends AdapterContract {
    @Override
    protected Served serve(Authstash authstash) throws Exception {
        ServletContextHandler context = new ServletContextHandler(CONTEXT);
        EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new RateLimitFilter(authstash)), "/*", request);
        context.addFilter(new FilterHolder(new SessionFilter(authstash)), "/*", request);
        context.addServlet(new ServletHolder(new ContractServlet()), "/*");
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(context);
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new Served() {
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
