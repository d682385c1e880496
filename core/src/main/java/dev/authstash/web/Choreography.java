package dev.authstash.web;

import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.storage.StorageException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order of the gate's steps for one request, in one place, so that every adapter answers alike (see
 * {@link RequestGate#before}). The limits step: path normalization (400), deny list (403), origin check (403, so a
 * cross-site request counts against no rule), route rules with their {@code user}/{@code body:}/{@code header:} keys
 * (429, or 503 when storage is down under {@code deny} or busy). The session step: origin check (403), session lookup, storage-down policy (503 or anonymous),
 * protected and fresh paths (401), fresh paths with a stale session (403). After the handler: the answer is counted for rules with {@code "count"}.
 *
 * <p>The one rule for unexpected exceptions (a bug, an unforeseen failure of a dependency): the step is handled as
 * if storage were down — the limits step proceeds unlimited, or answers 503 under {@code onStorageError: deny}; the
 * session step applies {@link RequestGate#sessionStorageDown} (503 on protected paths; elsewhere 503 unless
 * {@code allow}, then anonymous). The first such failure is logged at ERROR with its stack trace, later ones at
 * DEBUG. Counting an answer never fails the response. Thread-safe.
 */
final class Choreography {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    private final RequestGate gate;
    private final SessionFlow flow;
    private final RateLimiter limiter;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    Choreography(RequestGate gate, SessionFlow flow, RateLimiter limiter) {
        this.gate = gate;
        this.flow = flow;
        this.limiter = limiter;
    }

    GateOutcome before(GateRequest request) {
        GateOutcome limits = limits(request);
        if (!(limits instanceof GateOutcome.Proceed proceed)) {
            return limits;
        }
        GateOutcome session = session(request);
        if (session instanceof GateOutcome.Proceed next) {
            return proceed.then(next);
        }
        GateOutcome.Respond r = (GateOutcome.Respond) session;
        return new GateOutcome.Respond(r.status(), Header.merge(proceed.headers(), r.headers()), r.body());
    }

    GateOutcome limits(GateRequest request) {
        RequestInfo info = info(request);
        try {
            RateLimitCheck check = gate.rateLimit(info, details(request), request);
            GateResult result = check.result();
            if (!result.proceed()) {
                return GateOutcome.Respond.of(result);
            }
            GateResult origin = gate.checkOrigin(info);
            if (!origin.proceed()) {
                return GateOutcome.Respond.of(origin);
            }
            return result.headers().isEmpty() && check.verdict() == null ? GateOutcome.Proceed.NOTHING
                    : new GateOutcome.Proceed(Header.of(result.headers()), null, check.verdict());
        } catch (RuntimeException e) {
            unexpected("rate limit check", e);
            return limitsDown();
        }
    }

    GateOutcome limit(RateLimitRule rule, String key) {
        try {
            GateResult result = gate.rateLimit(rule, key);
            return result.proceed() ? new GateOutcome.Proceed(Header.of(result.headers()), null, null)
                    : GateOutcome.Respond.of(result);
        } catch (RuntimeException e) {
            unexpected("rate limit check", e);
            return limitsDown();
        }
    }

    GateOutcome session(GateRequest request) {
        RequestInfo info = info(request);
        try {
            GateResult origin = gate.checkOrigin(info);
            if (!origin.proceed()) {
                return GateOutcome.Respond.of(origin);
            }
            SessionLookup lookup;
            try {
                lookup = flow.lookup(info, request);
            } catch (SessionStorageUnavailableException | StorageException e) {
                return sessionDown(info);
            }
            List<Header> headers = Header.of(lookup.headers());
            if (lookup.session().isPresent()) {
                if (gate.requiresFreshSession(info) && !gate.fresh(lookup.session().get())) {
                    GateResult stale = gate.notFresh(); // session.freshPaths: sign in again
                    return new GateOutcome.Respond(stale.status(), Header.merge(headers, Header.of(stale.headers())),
                            stale.body());
                }
                return new GateOutcome.Proceed(headers, lookup.session().get(), null);
            }
            if (gate.requiresSession(info)) {
                GateResult unauthorized = gate.unauthorized();
                return new GateOutcome.Respond(unauthorized.status(),
                        Header.merge(headers, Header.of(unauthorized.headers())), unauthorized.body());
            }
            return headers.isEmpty() ? GateOutcome.Proceed.NOTHING : new GateOutcome.Proceed(headers, null, null);
        } catch (RuntimeException e) {
            unexpected("session lookup", e);
            return sessionDown(info);
        }
    }

    List<Header> after(GateOutcome.Proceed proceed, int status) {
        if (proceed.verdict() != null) {
            try {
                proceed.verdict().completed(status);
            } catch (RuntimeException e) { // never replaces the application's answer
                unexpected("counting an answer", e);
            }
        }
        return proceed.headers();
    }

    private GateOutcome limitsDown() {
        return limiter.onStorageError() == OnStorageError.DENY ? GateOutcome.Respond.of(gate.unavailable())
                : GateOutcome.Proceed.NOTHING;
    }

    private GateOutcome sessionDown(RequestInfo info) {
        GateResult down;
        try {
            down = gate.sessionStorageDown(info);
        } catch (RuntimeException e) {
            down = gate.unavailable();
        }
        return down.proceed() ? GateOutcome.Proceed.NOTHING : GateOutcome.Respond.of(down);
    }

    private void unexpected(String what, RuntimeException e) {
        if (failureLogged.compareAndSet(false, true)) {
            LOG.error("authstash: {} failed; further failures are logged at DEBUG", what, e);
        } else {
            LOG.debug("authstash: {} failed: {}", what, e.toString());
        }
    }

    static RequestInfo info(GateRequest r) {
        return new RequestInfo(r.method(), r.path(), r.remoteAddress(), r::headers, r.secure());
    }

    /** Rule keys' view: the {@code Cookie} lines joined (HTTP/2 clients may split them), other headers' first line. */
    static RequestDetails details(GateRequest r) {
        return new RequestDetails() {
            @Override
            public String header(String name) {
                List<String> values = r.headers(name);
                if (values == null || values.isEmpty()) {
                    return null;
                }
                return name.equalsIgnoreCase("Cookie") ? String.join("; ", values) : values.get(0);
            }

            @Override
            public byte[] body(int maxBytes) {
                return r.body(maxBytes);
            }

            @Override
            public String parameter(String name) {
                return r.parameter(name);
            }
        };
    }
}
