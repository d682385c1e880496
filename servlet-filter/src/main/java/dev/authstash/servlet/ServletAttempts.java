package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.web.AccountAttempt;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.RequestGate;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sign-in attempts counted where the application decides the identity ({@link RequestGate#attempt}), for servlet
 * code: after parsing the request and before checking the credentials. Translation only: the device cookie is read
 * from the request, core is called once, the refusal (429, same body and headers as every 429) or the device
 * cookie is written to the response. The {@link Authstash} is the one the authstash filters put on the request,
 * else the {@link AuthstashListener}'s.
 *
 * <pre>{@code
 * AccountAttempt attempt = ServletAttempts.attempt(request, response, "/sign-in/email", email);
 * if (!attempt.allowed()) return;                        // the 429 is written
 * boolean ok = passwords.verify(email, password);
 * ServletAttempts.completed(response, attempt, ok ? 200 : 401);   // before writing the body: the device cookie
 * }</pre>
 */
public final class ServletAttempts {
    private ServletAttempts() {}

    /**
     * Counts one attempt at {@code identity} against the rules keyed on {@code account} named {@code rule} (a
     * {@code rateLimit.customRules} glob or a rule id). When refused, the answer (429, or 503/400, see
     * {@link RequestGate#attempt}) is written and committed: return without checking the credentials.
     *
     * @throws IOException when writing the refusal fails
     */
    public static AccountAttempt attempt(HttpServletRequest request, HttpServletResponse response, String rule,
                                         String identity) throws IOException {
        AccountAttempt attempt = authstash(request).gate().attempt(Requests.view(request, null), rule, identity);
        if (attempt.outcome() instanceof GateOutcome.Respond refusal) {
            Requests.write(response, refusal);
        }
        return attempt;
    }

    /**
     * Settles {@code attempt} with the answer's {@code status} (see {@link AccountAttempt#completed(int)}) and adds
     * the headers it gives (after a success, the device cookie): call it once, before the response is committed.
     */
    public static void completed(HttpServletResponse response, AccountAttempt attempt, int status) {
        Requests.addHeaders(response, attempt.completed(status));
    }

    private static Authstash authstash(HttpServletRequest request) {
        if (request.getAttribute(AuthstashListener.ATTRIBUTE) instanceof Authstash fromFilter) {
            return fromFilter;
        }
        Authstash shared = AuthstashListener.get(request.getServletContext());
        if (shared == null) {
            throw new IllegalStateException("no Authstash for this request: map an authstash filter to it or declare "
                    + AuthstashListener.class.getName());
        }
        return shared;
    }
}
