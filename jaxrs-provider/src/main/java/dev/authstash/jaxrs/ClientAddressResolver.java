package dev.authstash.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The TCP peer address of a JAX-RS request. JAX-RS has no portable way to read it, so authstash asks this
 * resolver; forwarded headers are applied afterwards by core, and only for trusted proxies.
 *
 * <p>The default, {@link #servletContainer()}, reads {@code HttpServletRequest.getRemoteAddr()} of Jersey and
 * RESTEasy deployed as servlets. On other runtimes pass your own, e.g. for Jersey on Grizzly:
 * {@code ctx -> grizzlyRequestProvider.get().getRemoteAddr()}.
 */
@FunctionalInterface
public interface ClientAddressResolver {

    /** The peer IP address of {@code request} as text, or null when unknown (all such clients share one key). */
    String remoteAddress(ContainerRequestContext request);

    /**
     * Reads the servlet request behind Jersey or RESTEasy by reflection (the Servlet API is optional for this
     * module); null when the request did not come through a servlet.
     */
    static ClientAddressResolver servletContainer() {
        return ServletRequests::remoteAddr;
    }
}
