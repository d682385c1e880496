package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.StorageSettings;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/** {@link FailureCountingContract} on RESTEasy's {@code HttpServlet30Dispatcher} in Jetty. */
class ResteasyFailureCountingTest extends FailureCountingContract {
    /** Init parameters of the next deployment's servlet, beyond the test defaults. */
    private String defaultMapper = "true";

    @Override
    ServletHolder jaxrsServlet(jakarta.ws.rs.core.Feature feature) {
        ServletHolder holder = ResteasyProviderTest.servlet(feature);
        holder.setInitParameter("dev.resteasy.exception.mapper", defaultMapper);
        return holder;
    }

    /**
     * With RESTEasy's default exception mapper off, an unmapped exception leaves the dispatcher as
     * {@code UnhandledException}: the servlet container answers 500 and no response filter runs.
     */
    @Test
    void anUnmappedExceptionCountsWithRestEasysDefaultMapperOff() throws Exception {
        defaultMapper = "false";
        deploy(failuresConfig(StorageSettings.defaults()));
        for (int i = 1; i <= MAX; i++) {
            assertThat(post("throws").statusCode()).as("failure " + i + ": the container's 500").isEqualTo(500);
        }
        assertTooManyRequests(post("throws"));
        for (int i = 0; i < 2 * MAX; i++) {
            assertThat(post("fine").statusCode()).isEqualTo(200);
        }
    }
}
