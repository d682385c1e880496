package dev.authstash.jaxrs;

import dev.authstash.web.GateResult;
import dev.authstash.web.RateLimitCheck;
import dev.authstash.web.RequestGate;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rate-limits requests by path with the configured route rules, before resource matching so that every
 * spelling of a limited path is counted (also those no resource matches). Refused requests get the gate's
 * 429 / 400 / 403 / 503 JSON answer; allowed ones on a limited route get {@code RateLimit} and
 * {@code RateLimit-Policy} headers, added by the response half of this filter (also for {@code @RateLimit}).
 * The response half also counts the answer for rules with {@code "count"} ({@link RateLimitCheck#completed}).
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

    public RateLimitRequestFilter(RequestGate gate, ClientAddressResolver addresses) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    /** Request property holding the {@link RateLimitCheck} whose answer is still to be counted. */
    static final String PENDING_CHECK = "dev.authstash.jaxrs.rateLimitCheck";

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(ServletRequestCapture.PATH_LIMITED_BY) == gate) {
            return; // the servlet RateLimitFilter of this same instance has counted it (and set the headers)
        }
        RateLimitCheck check = gate.rateLimit(RequestInfos.of(request, addresses), new EntityDetails(request));
        GateResult result = check.result();
        if (check.awaitsAnswer()) {
            request.setProperty(PENDING_CHECK, check);
        }
        if (result.proceed()) {
            RequestInfos.addPending(request, result.headers());
        } else {
            request.abortWith(RequestInfos.toResponse(result));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(PENDING_CHECK) instanceof RateLimitCheck check) {
            request.removeProperty(PENDING_CHECK);
            check.completed(response.getStatus());
        }
        if (request.getProperty(RequestInfos.PENDING_HEADERS) instanceof List<?> pending) {
            for (Object headers : pending) {
                ((Map<?, ?>) headers).forEach((name, value) -> response.getHeaders().add((String) name, value));
            }
        }
    }
}
