package dev.authstash.jaxrs;

import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.route.PathNormalizer;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.GateRequest;
import dev.authstash.web.Header;
import dev.authstash.web.RequestGate;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rate-limits requests by path with the configured route rules, before resource matching so that every
 * spelling of a limited path is counted (also those no resource matches). The sequence is core's
 * ({@link RequestGate#limits}: path, deny list, rules, {@code onStorageError}, origin check); this filter translates.
 * Refused requests get the gate's 429 / 400 / 403 / 503 JSON answer; allowed ones on a limited route get {@code RateLimit} and
 * {@code RateLimit-Policy} headers, added by the response half of this filter (also for {@code @RateLimit}).
 * The response half also hands the answer to {@link RequestGate#after} for rules with {@code "count"}.
 * Registered by {@link AuthstashFeature} at priority {@link #PRIORITY}. A request the servlet
 * {@code RateLimitFilter} of the same instance already limited (both auto-registered in one WAR) is not
 * counted again: that filter leaves its {@code RequestGate} in a request attribute, compared by identity.
 */
@PreMatching
public final class RateLimitRequestFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Runs before the session filter ({@code Priorities.AUTHENTICATION}): limits protect the session store. */
    public static final int PRIORITY = Priorities.AUTHENTICATION - 200;

    private final RequestGate gate;
    private final ClientAddressResolver addresses;
    private final RateLimiter limiter;
    private final AnnotationLimits annotations;
    private final AtomicBoolean logged;

    /**
     * A request without client address (the resolver answers null) is refused with 503 (one ERROR in the log per filter),
     * whatever its path: without the limiter this filter cannot tell whether a rule applies. {@link AuthstashFeature}
     * refuses only the requests a route rule limits.
     */
    public RateLimitRequestFilter(RequestGate gate, ClientAddressResolver addresses) {
        this(gate, addresses, null, null);
    }

    RateLimitRequestFilter(RequestGate gate, ClientAddressResolver addresses, RateLimiter limiter,
                           AnnotationLimits annotations) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.limiter = limiter;
        this.annotations = annotations;
        this.logged = annotations != null ? annotations.unknownAddressLogged : new AtomicBoolean();
    }

    /** Request property holding the {@link PendingAnswer} whose answer is still to be counted. */
    static final String PENDING_CHECK = "dev.authstash.jaxrs.rateLimitCheck";

    /** An allowed request whose answer the gate still counts ({@link RequestGate#after}); the first call counts. */
    record PendingAnswer(RequestGate gate, GateOutcome.Proceed proceed) {
        void completed(int status) {
            gate.after(proceed, status);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (annotations != null) {
            request.setProperty(AnnotationLimits.PROPERTY, annotations); // for RateLimitAnnotationFilter
        }
        if (request.getProperty(ServletRequestCapture.PATH_LIMITED_BY) == gate) {
            return; // the servlet RateLimitFilter of this same instance has counted it (and set the headers)
        }
        GateRequest view = RequestInfos.view(request, addresses);
        if (RequestInfos.addressUnknown(view, gate) && limited(view)) {
            request.abortWith(RequestInfos.unknownAddress(logged)); // never one bucket for all clients
            return;
        }
        GateOutcome outcome = gate.limits(view);
        if (!(outcome instanceof GateOutcome.Proceed proceed)) {
            request.abortWith(RequestInfos.toResponse((GateOutcome.Respond) outcome));
            return;
        }
        if (proceed.awaitsAnswer()) {
            request.setProperty(PENDING_CHECK, new PendingAnswer(gate, proceed));
        }
        RequestInfos.addPending(request, proceed.headers());
    }

    /** Whether a route rule applies to {@code view} (true when unknown: without the limiter, or an unparsable path). */
    private boolean limited(GateRequest view) {
        if (limiter == null) {
            return true;
        }
        try {
            return !limiter.rulesFor(PathNormalizer.normalize(view.path()), view.method()).isEmpty();
        } catch (IllegalArgumentException e) {
            return false; // the gate answers 400
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PENDING_CHECK) instanceof PendingAnswer pending) {
            request.removeProperty(PENDING_CHECK);
            pending.completed(response.getStatus());
        }
        if (request.getProperty(RequestInfos.PENDING_HEADERS) instanceof List<?> pending) {
            for (Object headers : pending) {
                for (Object line : (List<?>) headers) {
                    Header h = (Header) line;
                    response.getHeaders().add(h.name(), h.value());
                }
            }
        }
    }
}
