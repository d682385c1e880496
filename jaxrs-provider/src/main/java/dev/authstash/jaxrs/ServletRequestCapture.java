package dev.authstash.jaxrs;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/**
 * Copies the peer address and the context path of the servlet request behind a JAX-RS request into request
 * properties, where {@link ClientAddressResolver#servletContainer()} and the path logic read them. The runtime
 * injects a request-scoped proxy into {@link #request} (Jersey and RESTEasy both do for provider instances).
 * Only {@link AuthstashFeature} references this class, and only once it found the Servlet API on the class
 * path, so the module still works on runtimes without it.
 */
@PreMatching
final class ServletRequestCapture implements ContainerRequestFilter {
    /** Request property: the peer IP address ({@code ServletRequest.getRemoteAddr()}), a String. */
    static final String REMOTE_ADDR = "dev.authstash.jaxrs.remoteAddr";
    /** Request property: the web app's context path ({@code ""} for the root), a String. */
    static final String CONTEXT_PATH = "dev.authstash.jaxrs.contextPath";
    /** Before the rate-limit filter, which reads the properties. */
    static final int PRIORITY = RateLimitRequestFilter.PRIORITY - 100;

    @Context
    private HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext ctx) {
        HttpServletRequest servlet = request;
        if (servlet == null) {
            return; // the runtime had no servlet request to inject
        }
        try {
            ctx.setProperty(REMOTE_ADDR, servlet.getRemoteAddr());
            ctx.setProperty(CONTEXT_PATH, servlet.getContextPath());
        } catch (RuntimeException e) {
            // a proxy with no servlet request behind it (a non-servlet runtime with the API on the class path)
        }
    }
}
