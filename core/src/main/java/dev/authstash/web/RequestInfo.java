package dev.authstash.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an adapter knows of a request, without servlet or JAX-RS types.
 *
 * @param method     HTTP method
 * @param path       raw path inside the application (request URI minus context path), undecoded, no query
 * @param remoteAddr TCP peer address as the container reports it
 * @param headers    every value of a request header by case-insensitive name, in order; null or empty when
 *                   absent (e.g. the servlet {@code request.getHeaders(name)} as a list)
 * @param secure     whether the request reached the container over HTTPS ({@code request.isSecure()})
 */
public record RequestInfo(String method, String path, String remoteAddr, Function<String, List<String>> headers,
                          boolean secure) {
    private static final Function<String, List<String>> NONE = name -> List.of();

    public RequestInfo {
        method = Objects.requireNonNullElse(method, "GET");
        path = Objects.requireNonNullElse(path, "/");
        remoteAddr = Objects.requireNonNullElse(remoteAddr, "");
        headers = headers == null ? NONE : headers;
    }

    /** A plain-HTTP request. */
    public RequestInfo(String method, String path, String remoteAddr, Function<String, List<String>> headers) {
        this(method, path, remoteAddr, headers, false);
    }

    /**
     * A request whose only headers are these forwarded ones.
     *
     * @param xForwardedFor every {@code X-Forwarded-For} header value, in order
     * @param forwarded     every RFC 7239 {@code Forwarded} header value, in order
     */
    public RequestInfo(String method, String path, String remoteAddr, List<String> xForwardedFor,
                       List<String> forwarded) {
        this(method, path, remoteAddr, only(xForwardedFor, forwarded), false);
    }

    /** A request without headers. */
    public static RequestInfo of(String method, String path, String remoteAddr) {
        return new RequestInfo(method, path, remoteAddr, NONE, false);
    }

    /** Every value of header {@code name} (case-insensitive), in order; empty when absent. */
    public List<String> headers(String name) {
        List<String> values = headers.apply(name);
        return values == null ? List.of() : values;
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Whether header {@code name} is present with a non-blank first value. */
    public boolean has(String name) {
        String value = header(name);
        return value != null && !value.isBlank();
    }

    /** Every {@code X-Forwarded-For} value, in order. */
    public List<String> xForwardedFor() {
        return headers("X-Forwarded-For");
    }

    /** Every RFC 7239 {@code Forwarded} value, in order. */
    public List<String> forwarded() {
        return headers("Forwarded");
    }

    private static Function<String, List<String>> only(List<String> xForwardedFor, List<String> forwarded) {
        List<String> xff = xForwardedFor == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(xForwardedFor));
        List<String> fwd = forwarded == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(forwarded));
        return name -> name.equalsIgnoreCase("X-Forwarded-For") ? xff
                : name.equalsIgnoreCase("Forwarded") ? fwd : List.of();
    }
}
