package dev.authstash.web;

import dev.authstash.ratelimit.RateLimitVerdict;
import dev.authstash.session.Session;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate's choreography decided for a request ({@link RequestGate#before}): let the handler run
 * ({@link Proceed}) or answer now ({@link Respond}). An adapter switches over the two and translates; it decides
 * nothing itself.
 */
public sealed interface GateOutcome permits GateOutcome.Proceed, GateOutcome.Respond {
    /** Content type of every {@link Respond#body()}. */
    String CONTENT_TYPE = "application/json";

    /** The response headers this outcome asks for, in order; never null. */
    List<Header> headers();

    /**
     * Let the handler run. Add {@link #headers()} to the handler's response ({@code RateLimit}, a refreshed or
     * cleared session cookie, {@code Cache-Control: no-store}); expose {@link #session()} to the application; call
     * {@link RequestGate#after} with the answer's status once the handler answered.
     */
    final class Proceed implements GateOutcome {
        static final Proceed NOTHING = new Proceed(List.of(), null, null);

        private final List<Header> headers;
        private final Session session;
        private final RateLimitVerdict verdict;

        Proceed(List<Header> headers, Session session, RateLimitVerdict verdict) {
            this.headers = List.copyOf(headers);
            this.session = session;
            this.verdict = verdict;
        }

        @Override
        public List<Header> headers() {
            return headers;
        }

        /** The request's live session; empty when anonymous (or when this step did not look it up). */
        public Optional<Session> session() {
            return Optional.ofNullable(session);
        }

        /** Whether {@link RequestGate#after} has an answer to count (rules with {@code "count"}); adapters may skip it. */
        public boolean awaitsAnswer() {
            return verdict != null && verdict.awaitsAnswer();
        }

        RateLimitVerdict verdict() {
            return verdict;
        }

        /** This step followed by {@code next}: headers merged, {@code next}'s session, either's pending count. */
        Proceed then(Proceed next) {
            if (this == NOTHING) {
                return next;
            }
            return new Proceed(Header.merge(headers, next.headers),
                    next.session != null ? next.session : session, next.verdict != null ? next.verdict : verdict);
        }

        @Override
        public String toString() {
            return "Proceed[headers=" + headers.stream().map(Header::name).toList() + ", session="
                    + (session == null ? "none" : "user " + session.userId()) + "]";
        }
    }

    /**
     * Answer now with {@code status}, {@code headers} and the JSON {@code body} ({@link #CONTENT_TYPE}); the handler
     * does not run.
     *
     * @param status  an HTTP status, 400 to 599
     * @param headers response headers in order; two {@code Set-Cookie} lines are two entries
     * @param body    the JSON body, never null
     */
    record Respond(int status, List<Header> headers, String body) implements GateOutcome {
        public Respond {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a gate answers 4xx or 5xx, not " + status);
            }
            headers = List.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        /** The answer of an old-style {@link GateResult} that does not proceed. */
        static Respond of(GateResult result) {
            return new Respond(result.status(), Header.of(result.headers()), result.body());
        }
    }
}
