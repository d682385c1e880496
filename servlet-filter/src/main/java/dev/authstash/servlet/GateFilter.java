package dev.authstash.servlet;

import dev.authstash.Authstash;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Shared plumbing of the authstash filters: finds or builds the {@link Authstash}, and runs
 * {@link #filter} once per request — on the {@code REQUEST} dispatch only, never again for the
 * {@code FORWARD}, {@code INCLUDE}, {@code ERROR} or {@code ASYNC} dispatches of the same request.
 */
abstract class GateFilter extends HttpFilter {
    private transient volatile Authstash authstash;
    private transient boolean owned;

    GateFilter(Authstash authstash) {
        this.authstash = authstash;
    }

    @Override
    public void init() throws ServletException {
        if (authstash != null) {
            return;
        }
        authstash = AuthstashListener.get(getServletContext());
        if (authstash == null) {
            String param = getInitParameter(AuthstashListener.CONFIG_PARAM);
            String source = "init-param " + AuthstashListener.CONFIG_PARAM + " of filter " + getFilterName();
            if (param == null) {
                param = getServletContext().getInitParameter(AuthstashListener.CONFIG_PARAM);
                source = "context-param " + AuthstashListener.CONFIG_PARAM;
            }
            authstash = Bootstrap.create(param, source);
            owned = true;
        }
    }

    @Override
    public void destroy() {
        if (owned && authstash != null) {
            Bootstrap.close(authstash);
            authstash = null;
        }
    }

    /** The instance in use (after init). */
    final Authstash authstash() {
        return authstash;
    }

    @Override
    protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String guard = getClass().getName() + ".FILTERED";
        if (request.getDispatcherType() != DispatcherType.REQUEST || request.getAttribute(guard) != null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(guard, Boolean.TRUE);
        request.setAttribute(AuthstashListener.ATTRIBUTE, authstash); // for ServletSessions
        filter(request, response, chain);
    }

    /** The filter's work, on the first pass of a request. */
    abstract void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException;
}
