package dev.authstash.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The TCP peer address of a JAX-RS request. JAX-RS has no portable way to read it, so authstash asks this
 * resolver; forwarded headers are applied afterwards by core, and only for trusted proxies.
 *
 * <p>The default, {@link #servletContainer()}, answers {@code HttpServletRequest.getRemoteAddr()} when the
 * runtime is deployed as a servlet (the {@code HttpServletRequest} injected with {@code @Context}), on Jersey's
 * Grizzly container (its {@code Request}) and on Quarkus REST (the Vert.x request). On other runtimes pass your own.
 */
@FunctionalInterface
public interface ClientAddressResolver {

    /** The peer IP address of {@code request} as text, or null when unknown (all such clients share one key). */
    String remoteAddress(ContainerRequestContext request);

    /**
     * The peer address of the servlet request behind the JAX-RS request, as captured by the filter that
     * {@link AuthstashFeature} registers when the Servlet API is on the class path; null when the request did
     * not come through a servlet.
     */
    static ClientAddressResolver servletContainer() {
        return request -> request.getProperty(ServletRequestCapture.REMOTE_ADDR) instanceof String a ? a : null;
    }
}
