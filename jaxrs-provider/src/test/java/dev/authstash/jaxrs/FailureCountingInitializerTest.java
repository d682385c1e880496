package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/** {@link FailureCountingInitializer} adds its filter on {@code /*} unless the web app opts out. */
class FailureCountingInitializerTest {
    private static String[] filterNames(String autoRegister) throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/app");
        if (autoRegister != null) {
            context.setInitParameter("authstash.autoRegister", autoRegister);
        }
        context.addServletContainerInitializer(new FailureCountingInitializer());
        server.setHandler(context);
        server.start();
        try {
            return Arrays.stream(context.getServletHandler().getFilters()).map(FilterHolder::getName)
                    .toArray(String[]::new);
        } finally {
            server.stop();
        }
    }

    @Test
    void registersTheFilterByDefaultAndNotWhenTheWebAppOptsOut() throws Exception {
        assertThat(filterNames(null)).containsExactly(FailureCountingInitializer.FILTER_NAME);
        assertThat(filterNames(" FALSE ")).isEmpty();
    }
}
