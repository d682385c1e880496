package dev.authstash.jaxrs;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.HeaderKeys;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.web.RequestGate;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds an {@link AnnotationRateLimitFilter} to each resource method carrying {@link RateLimit}. */
final class RateLimitBinding implements DynamicFeature {
    /** After authentication filters, before authorization. */
    static final int PRIORITY = Priorities.AUTHENTICATION + 100;

    private final RequestGate gate;
    private final ClientAddressResolver addresses;
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitBinding.class);
    private final Algorithm algorithm;
    private final HeaderKeys headerKeys;

    RateLimitBinding(RequestGate gate, ClientAddressResolver addresses, Algorithm algorithm, HeaderKeys headerKeys) {
        this.gate = gate;
        this.addresses = addresses;
        this.algorithm = algorithm;
        this.headerKeys = headerKeys;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        RateLimit limit = method.getAnnotation(RateLimit.class);
        String id = type.getSimpleName() + "#" + method.getName();
        if (limit == null) {
            limit = type.getAnnotation(RateLimit.class);
            id = type.getSimpleName();
        }
        if (limit == null) {
            return;
        }
        RateLimitRule rule;
        try {
            rule = new RateLimitRule(id, limit.window(), limit.max(), algorithm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@RateLimit on " + id + ": " + e.getMessage(), e);
        }
        if (limit.key() == RateLimit.Key.HEADER && limit.header().isBlank()) {
            throw new IllegalArgumentException("@RateLimit on " + id + ": key = HEADER needs a header name");
        }
        if (limit.key() == RateLimit.Key.HEADER && !headerKeys.has(limit.header())) {
            LOG.warn("authstash: @RateLimit on {} keys on header {}, but no authenticator is registered for it"
                    + " (Authstash.builder(config).headerKey(\"{}\", value -> …)); every request uses its client-IP"
                    + " quota, since a value the client chooses must not choose its bucket", id, limit.header(),
                    limit.header());
        }
        context.register(new AnnotationRateLimitFilter(gate, addresses, rule, limit.key(), limit.header(),
                headerKeys), PRIORITY);
    }
}
