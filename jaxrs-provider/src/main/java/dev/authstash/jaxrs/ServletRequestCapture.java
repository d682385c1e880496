package dev.authstash.jaxrs;

import jakarta.enterprise.inject.Vetoed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/**
 * Copies the peer address and the context path of the servlet request behind a JAX-RS request into request
 * properties, where {@link ClientAddressResolver#servletContainer()} and the path logic read them. The runtime
 * injects a request-scoped proxy into {@link #request}. Only {@link AuthstashFeature} references this class,
 * and only once it found the Servlet API on the class path, so the module still works on runtimes without it.
 *
 * <p>Public only so that the runtime can create it: the feature registers the class, not an instance.
 * RESTEasy (6.2) injects {@code @Context} fields of a registered <em>instance</em> lazily, on the first
 * request, and marks it initialized before injecting, so requests concurrent with the first one saw a null
 * {@link #request}, had neither peer address nor context path, and skipped every path rule. For a registered
 * class it creates, injects and only then publishes the instance. Not for direct use.
 *
 * <p>{@code @Vetoed} and left out of the jar's Jandex index: on Quarkus, which indexes the jar, it would otherwise be
 * a CDI bean whose {@code @Context HttpServletRequest} cannot be satisfied without a servlet, failing the build.
 */
@PreMatching
@Vetoed // never a CDI bean: Quarkus (ArC) would otherwise need an HttpServletRequest bean where there is no servlet
public final class ServletRequestCapture implements ContainerRequestFilter {
    /** Request property: the peer IP address ({@code ServletRequest.getRemoteAddr()}), a String. */
    static final String REMOTE_ADDR = "dev.authstash.jaxrs.remoteAddr";
    /** Request property: the web app's context path ({@code ""} for the root), a String. */
    static final String CONTEXT_PATH = "dev.authstash.jaxrs.contextPath";
    /**
     * Servlet request attribute (and request property) set by authstash's servlet {@code RateLimitFilter} after
     * applying the route rules; its value is that instance's {@code RequestGate}. Same name as
     * {@code RateLimitFilter.PATH_LIMITED_ATTRIBUTE} (this module does not depend on the servlet one).
     */
    static final String PATH_LIMITED_BY = "dev.authstash.pathLimitedBy";
    /** Before the rate-limit filter, which reads the properties. */
    static final int PRIORITY = RateLimitRequestFilter.PRIORITY - 100;

    @Context
    private HttpServletRequest request;

    /** For the runtime, which creates and injects the one instance (see the class comment). */
    public ServletRequestCapture() {}

    @Override
    public void filter(ContainerRequestContext ctx) {
        HttpServletRequest servlet = request;
        if (servlet == null) {
            return; // the runtime had no servlet request to inject
        }
        try {
            ctx.setProperty(REMOTE_ADDR, servlet.getRemoteAddr());
            ctx.setProperty(CONTEXT_PATH, servlet.getContextPath());
            Object limitedBy = servlet.getAttribute(PATH_LIMITED_BY);
            if (limitedBy != null) {
                ctx.setProperty(PATH_LIMITED_BY, limitedBy);
            }
        } catch (RuntimeException e) {
            // a proxy with no servlet request behind it (a non-servlet runtime with the API on the class path)
        }
    }
}
