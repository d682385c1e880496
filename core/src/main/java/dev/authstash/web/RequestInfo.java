package dev.authstash.web;

import java.util.List;
import java.util.Objects;

/**
 * What an adapter knows of a request, without servlet or JAX-RS types.
 *
 * @param method        HTTP method
 * @param path          raw path inside the application (request URI minus context path), undecoded, no query
 * @param remoteAddr    TCP peer address as the container reports it
 * @param xForwardedFor every {@code X-Forwarded-For} header value, in order
 * @param forwarded     every RFC 7239 {@code Forwarded} header value, in order
 * @param secure        whether the request reached the container over HTTPS
 * @param headers       every request header (for {@code Cookie}, {@code Authorization}, {@code Origin}, {@code Host}…)
 */
public record RequestInfo(String method, String path, String remoteAddr, List<String> xForwardedFor,
                          List<String> forwarded, boolean secure, Headers headers) {
    public RequestInfo {
        method = Objects.requireNonNullElse(method, "GET");
        path = Objects.requireNonNullElse(path, "/");
        remoteAddr = Objects.requireNonNullElse(remoteAddr, "");
        xForwardedFor = xForwardedFor == null ? List.of() : List.copyOf(xForwardedFor);
        forwarded = forwarded == null ? List.of() : List.copyOf(forwarded);
        headers = Objects.requireNonNullElse(headers, Headers.NONE);
    }

    /** A plain-HTTP request with only the forwarded headers known. */
    public RequestInfo(String method, String path, String remoteAddr, List<String> xForwardedFor,
                       List<String> forwarded) {
        this(method, path, remoteAddr, xForwardedFor, forwarded, false, Headers.NONE);
    }

    /** A request whose forwarded headers are read from {@code headers}. */
    public static RequestInfo of(String method, String path, String remoteAddr, boolean secure, Headers headers) {
        Headers h = Objects.requireNonNullElse(headers, Headers.NONE);
        return new RequestInfo(method, path, remoteAddr, h.all("X-Forwarded-For"), h.all("Forwarded"), secure, h);
    }

    /** A request without forwarded headers. */
    public static RequestInfo of(String method, String path, String remoteAddr) {
        return new RequestInfo(method, path, remoteAddr, List.of(), List.of());
    }
}
