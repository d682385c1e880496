package dev.authstash.jaxrs;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.HeaderKeys;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.web.RequestGate;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RateLimit} rules of one {@link AuthstashFeature}: the filter enforcing the annotation of each resource
 * method, built once per method (at start-up by {@link RateLimitBinding} where the runtime runs dynamic features,
 * else on the method's first request) and read by {@link RateLimitAnnotationFilter}.
 */
final class AnnotationLimits {
    /** Request property holding the {@code AnnotationLimits} of the feature that saw the request. */
    static final String PROPERTY = "dev.authstash.jaxrs.annotationLimits";
    private static final Logger LOG = LoggerFactory.getLogger(AnnotationLimits.class);

    private final RequestGate gate;
    private final ClientAddressResolver addresses;
    private final Algorithm algorithm;
    private final HeaderKeys headerKeys;
    /** Whether the ERROR about an unknown client address was logged (once per feature). */
    final AtomicBoolean unknownAddressLogged = new AtomicBoolean();
    private final Map<Method, Optional<AnnotationRateLimitFilter>> filters = new ConcurrentHashMap<>();

    AnnotationLimits(RequestGate gate, ClientAddressResolver addresses, Algorithm algorithm, HeaderKeys headerKeys) {
        this.gate = gate;
        this.addresses = addresses;
        this.algorithm = algorithm;
        this.headerKeys = headerKeys;
    }

    /** The filter for {@code method} of resource class {@code type}; null when neither carries {@link RateLimit}. */
    AnnotationRateLimitFilter filter(Class<?> type, Method method) {
        if (type == null || method == null) {
            return null;
        }
        Optional<AnnotationRateLimitFilter> known = filters.get(method);
        if (known == null) {
            known = filters.computeIfAbsent(method, m -> Optional.ofNullable(build(type, m)));
        }
        return known.orElse(null);
    }

    /**
     * @throws IllegalArgumentException for a bad annotation, naming the method and the value
     */
    private AnnotationRateLimitFilter build(Class<?> type, Method method) {
        RateLimit limit = method.getAnnotation(RateLimit.class);
        String id = type.getSimpleName() + "#" + method.getName();
        if (limit == null) {
            limit = type.getAnnotation(RateLimit.class);
            id = type.getSimpleName();
        }
        if (limit == null) {
            return null;
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
        return new AnnotationRateLimitFilter(gate, addresses, rule, limit.key(), limit.header(), headerKeys,
                unknownAddressLogged);
    }
}
