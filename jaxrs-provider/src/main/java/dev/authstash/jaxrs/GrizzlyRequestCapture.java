package dev.authstash.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import org.glassfish.grizzly.http.server.Request;

/**
 * Jersey on Grizzly ({@code jersey-container-grizzly2-http}, no servlet): copies the peer address (and the context path: the
 * path of the base URI) of the Grizzly request behind a JAX-RS request into the properties {@link ClientAddressResolver#servletContainer()} reads (the
 * default resolver), so that each client gets its own bucket without a resolver of the application's. Jersey's
 * Grizzly container injects its request into {@code @Context} fields. Only {@link AuthstashFeature} references this
 * class, and only when Jersey's Grizzly container is on the class path. Public only so that the runtime can create
 * it (the feature registers the class). Not for direct use.
 */
@PreMatching
public final class GrizzlyRequestCapture implements ContainerRequestFilter {
    /** The class whose presence makes {@link AuthstashFeature} register this filter. */
    static final String JERSEY_GRIZZLY_MARKER = "org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer";

    /** Request-scoped and not proxied in Jersey's Grizzly container, hence a provider. */
    @Inject
    private Provider<Request> request;

    /** For the runtime, which creates and injects the one instance. */
    public GrizzlyRequestCapture() {}

    @Override
    public void filter(ContainerRequestContext ctx) {
        if (ctx.getProperty(ServletRequestCapture.REMOTE_ADDR) != null) {
            return; // a servlet request said it already (Jersey's servlet container on Grizzly's servlet module)
        }
        Provider<Request> grizzly = request;
        if (grizzly == null) {
            return;
        }
        try {
            Request current = grizzly.get();
            String address = current == null ? null : current.getRemoteAddr();
            if (address != null && !address.isEmpty()) {
                ctx.setProperty(ServletRequestCapture.REMOTE_ADDR, address);
            }
            // the path of the app's base URI (GrizzlyHttpServerFactory's context path), as a servlet context path
            String contextPath = current == null ? null : current.getContextPath();
            if (contextPath != null && ctx.getProperty(ServletRequestCapture.CONTEXT_PATH) == null) {
                ctx.setProperty(ServletRequestCapture.CONTEXT_PATH, contextPath);
            }
        } catch (RuntimeException e) {
            // a proxy with no Grizzly request behind it (another container with Grizzly on the class path)
        }
    }
}
