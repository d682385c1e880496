package dev.authstash.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * Enforces {@link RateLimit} on the matched resource method, read from the injected {@link ResourceInfo} (a global,
 * post-matching filter, so no {@code DynamicFeature} is needed: Quarkus REST drops those a feature registers). It
 * uses the rules of the {@link AuthstashFeature} whose filters saw the request (a request property), and does nothing
 * for requests no authstash feature handled. It also binds the request to the thread that runs the resource method
 * for the no-argument forms of {@link JaxrsSessions} (post-matching filters run there; on Quarkus REST the
 * pre-matching ones run on the event loop, a blocking resource method on a worker thread).
 *
 * <p>Public only so that the runtime can create and inject it: the feature registers the class. Not for direct use.
 */
public final class RateLimitAnnotationFilter implements ContainerRequestFilter {
    @Context
    private ResourceInfo resource;

    /** For the runtime, which creates and injects the instance. */
    public RateLimitAnnotationFilter() {}

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(SessionRequestFilter.FILTER_PROPERTY) != null) {
            JaxrsSessions.bind(request);
        }
        if (!(request.getProperty(AnnotationLimits.PROPERTY) instanceof AnnotationLimits limits) || resource == null) {
            return;
        }
        AnnotationRateLimitFilter filter = limits.filter(resource.getResourceClass(), resource.getResourceMethod());
        if (filter != null) {
            filter.filter(request);
        }
    }
}
