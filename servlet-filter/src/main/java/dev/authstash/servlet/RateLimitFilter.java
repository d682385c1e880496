package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.web.GateResult;
import dev.authstash.web.RateLimitCheck;
import dev.authstash.web.RequestInfo;
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
 * ({@code REQUEST} dispatch only). Cross-site state-changing requests get 403 from
 * {@link dev.authstash.web.RequestGate#checkOrigin} (the session filter checks them too). Uses the {@link AuthstashListener}'s instance when there is one,
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

    @Override
    void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(PATH_LIMITED_ATTRIBUTE, authstash().gate());
        ReplayableRequest replayable = new ReplayableRequest(request);
        RateLimitCheck check = null;
        GateResult result;
        try {
            RequestInfo info = Requests.info(request);
            check = authstash().gate().rateLimit(info, replayable);
            result = check.result();
            if (result.proceed()) {
                GateResult origin = authstash().gate().checkOrigin(info);
                result = origin.proceed() ? result : origin;
            }
        } catch (RuntimeException e) {
            logFailure("rate limit check", e);
            check = null;
            result = authstash().config().rateLimit().onStorageError() == OnStorageError.DENY
                    ? authstash().gate().unavailable() : null;
        }
        if (result != null && !result.proceed()) {
            Requests.write(response, result);
            return;
        }
        if (result != null) {
            Requests.addHeaders(response, result);
        }
        if (check == null || !check.awaitsAnswer()) {
            chain.doFilter(replayable, response);
            return;
        }
        boolean failed = true;
        try {
            chain.doFilter(replayable, response);
            failed = false;
        } finally {
            answered(replayable, response, check, failed);
        }
    }

    /** Counts the answer for rules counting answers: now, or when an async request completes. */
    private void answered(HttpServletRequest request, HttpServletResponse response, RateLimitCheck check,
                          boolean failed) {
        if (!failed && request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override public void onComplete(AsyncEvent e) { check.completed(response.getStatus()); }
                @Override public void onTimeout(AsyncEvent e) { }
                @Override public void onError(AsyncEvent e) { check.completed(500); }
                @Override public void onStartAsync(AsyncEvent e) { }
            });
            return;
        }
        try {
            check.completed(failed ? 500 : response.getStatus());
        } catch (RuntimeException e) {
            logFailure("counting an answer", e);
        }
    }
}
