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
 */
public record RequestInfo(String method, String path, String remoteAddr, List<String> xForwardedFor,
                          List<String> forwarded) {
    public RequestInfo {
        method = Objects.requireNonNullElse(method, "GET");
        path = Objects.requireNonNullElse(path, "/");
        remoteAddr = Objects.requireNonNullElse(remoteAddr, "");
        xForwardedFor = xForwardedFor == null ? List.of() : List.copyOf(xForwardedFor);
        forwarded = forwarded == null ? List.of() : List.copyOf(forwarded);
    }

    /** A request without forwarded headers. */
    public static RequestInfo of(String method, String path, String remoteAddr) {
        return new RequestInfo(method, path, remoteAddr, List.of(), List.of());
    }
}
