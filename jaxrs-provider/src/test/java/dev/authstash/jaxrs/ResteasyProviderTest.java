package dev.authstash.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/** {@link JaxrsProviderTests} on RESTEasy's {@code HttpServlet30Dispatcher} in Jetty. */
class ResteasyProviderTest extends JaxrsProviderTests {
    /** RESTEasy instantiates the application class by name; it takes the feature of the test being run. */
    static volatile jakarta.ws.rs.core.Feature current;

    @Override
    ServletHolder jaxrsServlet(jakarta.ws.rs.core.Feature feature) {
        return servlet(feature);
    }

    /** RESTEasy serving the test resources with {@code feature}. */
    static ServletHolder servlet(jakarta.ws.rs.core.Feature feature) {
        current = feature;
        ServletHolder holder = new ServletHolder(HttpServlet30Dispatcher.class);
        holder.setInitParameter("jakarta.ws.rs.Application", TestApplication.class.getName());
        holder.setInitParameter("resteasy.servlet.mapping.prefix", "/api");
        holder.setInitOrder(1);
        return holder;
    }

    public static class TestApplication extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(TestResources.class, ReportResource.class, SessionEcho.class, CaptureEcho.class,
                    FailingSignIn.class, FailingSignIn.Mapper.class,
                    FailingSignIn.BrokenMapper.class);
        }

        @Override
        @SuppressWarnings("deprecation") // the only standard way to hand RESTEasy a provider instance
        public Set<Object> getSingletons() {
            return Set.of(current);
        }
    }
}
