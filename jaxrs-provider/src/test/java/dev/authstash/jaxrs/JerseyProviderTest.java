package dev.authstash.jaxrs;

import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/** {@link JaxrsProviderTests} on Jersey's {@code ServletContainer} in Jetty. */
class JerseyProviderTest extends JaxrsProviderTests {
    @Override
    ServletHolder jaxrsServlet(jakarta.ws.rs.core.Feature feature) {
        return servlet(feature);
    }

    /** Jersey serving the test resources with {@code feature}. */
    static ServletHolder servlet(jakarta.ws.rs.core.Feature feature) {
        ResourceConfig app = new ResourceConfig(TestResources.class, ReportResource.class, SessionEcho.class,
                CaptureEcho.class, FailingSignIn.class, FailingSignIn.Mapper.class,
                FailingSignIn.BrokenMapper.class)
                .register(feature);
        return new ServletHolder(new ServletContainer(app));
    }
}
