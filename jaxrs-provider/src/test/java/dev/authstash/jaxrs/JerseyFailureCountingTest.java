package dev.authstash.jaxrs;

import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** {@link FailureCountingContract} on Jersey's {@code ServletContainer} in Jetty. */
class JerseyFailureCountingTest extends FailureCountingContract {
    @Override
    ServletHolder jaxrsServlet(jakarta.ws.rs.core.Feature feature) {
        return JerseyProviderTest.servlet(feature);
    }
}
