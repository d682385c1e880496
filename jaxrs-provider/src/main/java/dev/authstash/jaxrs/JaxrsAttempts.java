package dev.authstash.jaxrs;

import dev.authstash.web.AccountAttempt;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.RequestGate;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Sign-in attempts counted where the resource decides the identity ({@link RequestGate#attempt}), for JAX-RS
 * resources: after reading the entity and before checking the credentials. Translation only: the device cookie is
 * read from the request, core is called once, a refusal is thrown as a {@link WebApplicationException} carrying
 * the gate's answer (429 with the same body and headers as every 429, or 503/400), and the device cookie of a
 * success is added to the response by the response half of {@link RateLimitRequestFilter}, so
 * {@link AuthstashFeature} must be registered. The forms without a {@link ContainerRequestContext} use the request
 * the session filter is handling on the calling thread (see {@link JaxrsSessions}).
 *
 * <pre>{@code
 * AccountAttempt attempt = JaxrsAttempts.attempt("/sign-in/email", email);   // throws the 429
 * boolean ok = passwords.verify(email, password);
 * JaxrsAttempts.completed(attempt, ok ? 200 : 401);                          // the device cookie after a success
 * }</pre>
 */
public final class JaxrsAttempts {
    private JaxrsAttempts() {}

    /** {@link #attempt(ContainerRequestContext, String, String)} for the request handled on this thread. */
    public static AccountAttempt attempt(String rule, String identity) {
        return attempt(JaxrsSessions.current(), rule, identity);
    }

    /** {@link #completed(ContainerRequestContext, AccountAttempt, int)} for the request handled on this thread. */
    public static void completed(AccountAttempt attempt, int status) {
        completed(JaxrsSessions.current(), attempt, status);
    }

    /**
     * Counts one attempt at {@code identity} against the rules keyed on {@code account} named {@code rule} (a
     * {@code rateLimit.customRules} glob or a rule id).
     *
     * @return the allowed attempt: check the credentials, then {@link #completed}
     * @throws WebApplicationException carrying the gate's answer when refused
     */
    public static AccountAttempt attempt(ContainerRequestContext request, String rule, String identity) {
        SessionRequestFilter filter = filter(request);
        AccountAttempt attempt = filter.gate().attempt(filter.view(request), rule, identity);
        if (attempt.outcome() instanceof GateOutcome.Respond refusal) {
            throw new WebApplicationException(RequestInfos.toResponse(refusal));
        }
        return attempt;
    }

    /**
     * Settles {@code attempt} with the answer's {@code status} ({@link AccountAttempt#completed(int)}) and has the
     * headers it gives (after a success, the device cookie) added to the response.
     */
    public static void completed(ContainerRequestContext request, AccountAttempt attempt, int status) {
        RequestInfos.addPending(request, attempt.completed(status));
    }

    private static SessionRequestFilter filter(ContainerRequestContext request) {
        if (request.getProperty(SessionRequestFilter.FILTER_PROPERTY) instanceof SessionRequestFilter filter) {
            return filter;
        }
        throw new IllegalStateException("authstash's session filter did not see this request: register "
                + AuthstashFeature.class.getName());
    }
}
