package dev.authstash.jaxrs;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * Registers {@link FailureCountingFilter} on {@code /*} (request dispatches, before the web app's own filters) in
 * every web app that has this module on its class path, where the container runs {@code ServletContainerInitializer}s
 * (WAR deployments in Tomcat, Jetty with annotations, Undertow). It does nothing for requests authstash's JAX-RS
 * filters did not mark. Opt out with the context-param {@code authstash.autoRegister} = {@code false} (as for the
 * servlet module's initializer). Listed in {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 */
public final class FailureCountingInitializer implements ServletContainerInitializer {
    /** The filter's registration name. */
    public static final String FILTER_NAME = "authstash-failure-counting";
    /** Context-param shared with the servlet module's initializer: {@code false} turns registration off. */
    static final String AUTO_REGISTER_PARAM = "authstash.autoRegister";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if ("false".equalsIgnoreCase(String.valueOf(context.getInitParameter(AUTO_REGISTER_PARAM)).trim())) {
            return;
        }
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, FailureCountingFilter.class);
        if (filter == null) {
            return; // the web app declares a filter of this name itself
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
