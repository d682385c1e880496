package dev.authstash.jaxrs;

import dev.authstash.Authstash;
import dev.authstash.testkit.AdapterContract;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/** The adapter contract on RESTEasy 6.2 ({@code HttpServlet30Dispatcher} in Jetty 12). */
class ResteasyContractTest extends AdapterContract {
    /** RESTEasy instantiates the application class by name; it takes the feature of the test being run. */
    static volatile AuthstashFeature current;

    @Override
    protected Served serve(Authstash authstash) throws Exception {
        current = new AuthstashFeature(authstash);
        ServletHolder holder = new ServletHolder(HttpServlet30Dispatcher.class);
        holder.setInitParameter("jakarta.ws.rs.Application", ContractApplication.class.getName());
        holder.setInitOrder(1);
        return JaxrsContractServer.start(holder);
    }

    public static class ContractApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(ContractResource.class);
        }

        @Override
        @SuppressWarnings("deprecation") // the only standard way to hand RESTEasy a provider instance
        public Set<Object> getSingletons() {
            return Set.of(current);
        }
    }
}
