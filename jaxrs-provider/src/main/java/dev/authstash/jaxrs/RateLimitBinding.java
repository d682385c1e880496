package dev.authstash.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Checks every resource method's {@link RateLimit} at start-up (a bad annotation fails the deployment, naming the
 * method) on runtimes that run dynamic features. It registers nothing: {@link RateLimitAnnotationFilter} enforces the
 * annotations, so they hold also where the runtime drops this feature (Quarkus REST); there a bad annotation fails
 * the method's first request instead.
 */
final class RateLimitBinding implements DynamicFeature {
    /** After authentication filters, before authorization. */
    static final int PRIORITY = Priorities.AUTHENTICATION + 100;

    private final AnnotationLimits limits;

    RateLimitBinding(AnnotationLimits limits) {
        this.limits = limits;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        limits.filter(resource.getResourceClass(), resource.getResourceMethod());
    }
}
