package dev.authstash.jaxrs;

import dev.authstash.jaxrs.RateLimitRequestFilter.PendingAnswer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Servlet-level safety net for rules with {@code "count": "failures"} when the JAX-RS runtime runs in a servlet
 * container. {@link RateLimitRequestFilter} counts the answer in its response half, but a runtime skips response
 * filters when a request ends in an exception it does not map (RESTEasy with {@code dev.resteasy.exception.mapper}
 * off, an application {@code ExceptionMapper} that throws, JAX-RS 3.0 runtimes): the container answers 500 and the
 * failure would go uncounted. Request properties are servlet request attributes in a servlet container (JAX-RS
 * {@code ContainerRequestContext.getProperty}), so this filter finds a check whose answer is still uncounted after
 * the JAX-RS servlet returned and counts it: 500 when the servlet threw, else the response status (a 2xx counts
 * nothing). The check counts only its first answer, so a request is never counted twice. It never changes the
 * response or the exception. Registered on {@code /*} by {@link FailureCountingInitializer} in containers that run
 * {@code ServletContainerInitializer}s; add it yourself in front of the JAX-RS servlet elsewhere (embedded Jetty).
 */
public final class FailureCountingFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(FailureCountingFilter.class);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (request.getAttribute(RateLimitRequestFilter.PENDING_CHECK) instanceof PendingAnswer check) {
                answered(request, response, check, failed);
            }
        }
    }

    private static void answered(ServletRequest request, ServletResponse response, PendingAnswer check,
                                 boolean failed) {
        if (!failed && request.isAsyncStarted()) { // a suspended resource: its response filter may still run
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override public void onComplete(AsyncEvent e) { check.completed(status(response)); }
                @Override public void onTimeout(AsyncEvent e) { }
                @Override public void onError(AsyncEvent e) { check.completed(500); }
                @Override public void onStartAsync(AsyncEvent e) { }
            });
            return;
        }
        request.removeAttribute(RateLimitRequestFilter.PENDING_CHECK);
        try {
            check.completed(failed ? 500 : status(response));
        } catch (RuntimeException e) { // never replaces the application's answer or exception
            LOG.warn("authstash: counting an answer failed", e);
        }
    }

    private static int status(ServletResponse response) {
        return response instanceof HttpServletResponse http ? http.getStatus() : 500;
    }
}
