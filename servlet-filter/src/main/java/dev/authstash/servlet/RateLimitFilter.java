package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.RequestGate;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Rate-limits requests by the route rules of the configuration: a limited request gets 429 with
 * {@code Retry-After}, {@code X-Retry-After}, {@code RateLimit-Policy}, {@code RateLimit} and a JSON body;
 * an allowed request on a limited route proceeds with the {@code RateLimit*} headers. Matching uses the
 * path inside the web application, undecoded, normalized by core. Runs once per request
 * ({@code REQUEST} dispatch only). The sequence is core's ({@link RequestGate#limits}: path, deny list, rules,
 * {@code onStorageError}, origin check); this filter only translates the request into a view and the outcome into
 * the response, replays a body read for a {@code body:} key, and hands the answer to {@link RequestGate#after}
 * (also when an async request completes). Uses the {@link AuthstashListener}'s instance when there is one,
 * else builds its own from the init-param or context-param {@value AuthstashListener#CONFIG_PARAM}.
 */
public class RateLimitFilter extends GateFilter {
    private static final long serialVersionUID = 1L;

    /** For {@code web.xml}: the instance comes from the listener or the configuration. */
    public RateLimitFilter() {
        super(null);
    }

    /** For embedded containers: uses {@code authstash} and never closes it. */
    public RateLimitFilter(Authstash authstash) {
        super(java.util.Objects.requireNonNull(authstash, "authstash"));
    }

    /**
     * Request attribute set once this filter has applied the route rules: its value is the instance's
     * {@link dev.authstash.web.RequestGate}, so a JAX-RS path limiter on the same instance behind this filter
     * (an auto-discovered {@code AuthstashAutoFeature}) does not count the request a second time. Clients cannot
     * set request attributes, and only that very object (compared by identity) is taken.
     */
    public static final String PATH_LIMITED_ATTRIBUTE = "dev.authstash.pathLimitedBy";

    /**
     * Request attribute (an {@code Integer}) the application or a framework bridge sets to the status its answer
     * counts as for rules with {@code "count"}, when the status on the wire does not tell: a form login that fails
     * answers a redirect (302) but was a failed credential check (401). Clients cannot set request attributes.
     */
    public static final String ANSWER_STATUS_ATTRIBUTE = "dev.authstash.answerStatus";

    @Override
    void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RequestGate gate = authstash().gate();
        request.setAttribute(PATH_LIMITED_ATTRIBUTE, gate);
        ReplayableRequest replayable = new ReplayableRequest(request);
        GateOutcome outcome = gate.limits(Requests.view(request, replayable));
        if (!(outcome instanceof GateOutcome.Proceed proceed)) {
            Requests.write(response, (GateOutcome.Respond) outcome);
            return;
        }
        Requests.addHeaders(response, proceed.headers());
        if (!proceed.awaitsAnswer()) {
            chain.doFilter(replayable, response);
            return;
        }
        boolean failed = true;
        try {
            chain.doFilter(replayable, response);
            failed = false;
        } finally {
            answered(gate, replayable, response, proceed, failed);
        }
    }

    /** Hands the answer to the gate for rules counting answers: now, or when an async request completes. */
    private static void answered(RequestGate gate, HttpServletRequest request, HttpServletResponse response,
                                 GateOutcome.Proceed proceed, boolean failed) {
        if (!failed && request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override public void onComplete(AsyncEvent e) { gate.after(proceed, status(request, response)); }
                @Override public void onTimeout(AsyncEvent e) { }
                @Override public void onError(AsyncEvent e) { gate.after(proceed, 500); }
                @Override public void onStartAsync(AsyncEvent e) { }
            });
            return;
        }
        gate.after(proceed, failed ? 500 : status(request, response));
    }

    /** The answer's status for counting: {@link #ANSWER_STATUS_ATTRIBUTE} when set, else the response's. */
    private static int status(HttpServletRequest request, HttpServletResponse response) {
        return request.getAttribute(ANSWER_STATUS_ATTRIBUTE) instanceof Integer s ? s : response.getStatus();
    }
}
