package dev.authstash.web;

import java.util.List;

/**
 * A request as the gate's choreography reads it ({@link RequestGate#before}): what every adapter can tell without
 * servlet or JAX-RS types. An adapter implements it over its own request object and passes the <em>same</em>
 * object to every call for one request (the session read rides with the rate-limit script only then).
 */
public interface GateRequest {
    /** HTTP method, e.g. {@code POST}. */
    String method();

    /** Raw path inside the application (request URI minus context path), undecoded, no query. */
    String path();

    /** TCP peer address as the runtime reports it; null when unknown. */
    String remoteAddress();

    /** Every value of header {@code name} (case-insensitive), in order; empty (or null) when absent. */
    List<String> headers(String name);

    /** Whether the request reached the runtime over HTTPS. */
    boolean secure();

    /**
     * The whole body when it has at most {@code maxBytes} bytes, else (or when absent or unreadable) null; read
     * lazily, at most once, only for a {@code body:} rule key. The application must still be able to read the whole
     * body afterwards (the adapter replays what it read). By default no body: such keys fall back to the client IP.
     */
    default byte[] body(int maxBytes) {
        return null;
    }

    /**
     * The first value of request parameter {@code name} as the runtime parses it (query string, then a form body),
     * for a {@code param:} rule key; null when absent or not readable by this adapter (the key then refuses the
     * request, 400). By default none.
     */
    default String parameter(String name) {
        return null;
    }
}
