package dev.authstash.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authstash.servlet.SessionFilter;
import dev.authstash.session.Session;
import dev.authstash.servlet.ServletSessions;
import dev.authstash.session.CreatedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** One request to an auth endpoint: its JSON body, its session, and the response being written. */
final class Exchange {
    final HttpServletRequest request;
    final HttpServletResponse response;
    final Services services;
    private ObjectNode body;

    Exchange(HttpServletRequest request, HttpServletResponse response, Services services) {
        this.request = request;
        this.response = response;
        this.services = services;
    }

    ObjectNode body() throws IOException {
        if (body == null) {
            body = Json.readObject(request.getInputStream());
        }
        return body;
    }

    /** A required string field of the body; 400 naming the field. */
    String field(String name) throws IOException {
        return Json.string(body(), name);
    }

    /** The session token sent with the request (cookie in any Cookie header, else bearer), or null. */
    String token() {
        List<String> cookies = Collections.list(request.getHeaders("Cookie"));
        return services.authstash().gate().sessionToken(cookies.isEmpty() ? null : String.join("; ", cookies),
                request.getHeader("Authorization"));
    }

    /** The valid session of this request, or 401. */
    Session session() {
        return optionalSession().orElseThrow(ApiError::unauthorized);
    }

    /** The session the authstash {@link SessionFilter} found, else a lookup of the request's token. */
    Optional<Session> optionalSession() {
        if (request.getAttribute(SessionFilter.SESSION_ATTRIBUTE) instanceof Session fromFilter) {
            return Optional.of(fromFilter);
        }
        return services.authstash().gate().session(token());
    }

    /**
     * The public JSON of the user of {@code session}: from the session's attributes (no SQL), else, for a session
     * made before they were stored, from the users table (401 when the user is gone).
     */
    java.util.Map<String, Object> userJson(Session session) {
        return User.jsonOf(session).orElseGet(() ->
                services.users().byId(session.userId()).orElseThrow(ApiError::unauthorized).toJson());
    }

    /**
     * Signs {@code user} in: session with client IP, user agent and the user's public fields as attributes, cookie
     * set (authstash's helper).
     */
    CreatedSession signIn(User user) {
        return ServletSessions.signIn(request, response, user.id(), user.sessionAttributes());
    }

    /** Revokes the request's session; the cookie is cleared even when that fails (then 503). */
    void signOut() {
        ServletSessions.signOut(request, response);
    }

    void clearSessionCookie() {
        ServletSessions.clearCookie(request, response);
    }

    void json(int status, Object value) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.write(value));
    }
}
