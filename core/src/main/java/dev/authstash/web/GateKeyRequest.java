package dev.authstash.web;

import dev.authstash.ratelimit.KeyRequest;
import dev.authstash.session.Session;
import java.util.Locale;
import java.util.function.Function;

/**
 * One request as rate-limit keys see it. The body is read and parsed at most once, and only for a
 * {@code body:} key (a body it cannot read the application's way fails closed); the session is looked up at most once, and only for a {@code user} key (that lookup is a
 * storage call of its own; a failing one counts the request under its IP). Not thread-safe: one request.
 */
final class GateKeyRequest implements KeyRequest {
    private final String method;
    private final String path;
    private final String clientIp;
    private final RequestDetails details;
    private final Function<RequestDetails, String> users;
    private BodyFields fields;
    private dev.authstash.ratelimit.UnreadableBodyException failure;
    private String userId;
    private boolean userLooked;
    private final String account;

    GateKeyRequest(String method, String path, String clientIp, RequestDetails details,
                   Function<RequestDetails, String> users) {
        this(method, path, clientIp, details, users, null);
    }

    /** @param account the canonical account identifier the application reported ({@link RequestGate#attempt}) */
    GateKeyRequest(String method, String path, String clientIp, RequestDetails details,
                   Function<RequestDetails, String> users, String account) {
        this.account = account;
        this.method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.clientIp = clientIp;
        this.details = details;
        this.users = users;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public String header(String name) {
        return details.header(name);
    }

    /** See {@link KeyRequest#bodyField}: fails closed for every body it does not read ({@link BodyFields}). */
    @Override
    public String bodyField(String field) {
        if (details == RequestDetails.NONE) {
            return null;
        }
        if (fields == null) {
            try {
                fields = BodyFields.read(details);
            } catch (dev.authstash.ratelimit.UnreadableBodyException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return fields.string(field);
    }

    /** See {@link KeyRequest#parameter}: an absent or unreadable parameter fails closed (400). */
    @Override
    public String parameter(String name) {
        if (details == RequestDetails.NONE) {
            return null;
        }
        String v = details.parameter(name);
        if (v == null) {
            throw new dev.authstash.ratelimit.UnreadableBodyException(400, "Invalid request: " + name + " is required");
        }
        return v;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public String userId() {
        if (!userLooked) {
            userLooked = true;
            userId = users.apply(details);
        }
        return userId;
    }

    /** The user of a live session, or null (anonymous, or the lookup failed). */
    static String userOf(java.util.Optional<Session> session) {
        return session.map(Session::userId).orElse(null);
    }
}
