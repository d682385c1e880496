package dev.authstash.servlet;

import dev.authstash.route.PathNormalizer;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Translates servlet requests into {@link RequestInfo} and {@link GateResult}s into servlet responses. */
final class Requests {
    private Requests() {}

    private static final String INFO = "dev.authstash.servlet.requestInfo";

    /**
     * The request as the gate sees it; one object per request (kept in an attribute while method, path, address
     * and scheme stay the same), so the session filter's lookup can use the read sent with the rate-limit script.
     */
    static RequestInfo info(HttpServletRequest request) {
        RequestInfo info = new RequestInfo(request.getMethod(), appPath(request), request.getRemoteAddr(),
                name -> headers(request, name), request.isSecure());
        if (request.getAttribute(INFO) instanceof RequestInfo earlier
                && java.util.Objects.equals(earlier.method(), info.method())
                && earlier.path().equals(info.path()) && earlier.secure() == info.secure()
                && java.util.Objects.equals(earlier.remoteAddr(), info.remoteAddr())) {
            return earlier;
        }
        request.setAttribute(INFO, info);
        return info;
    }

    /**
     * The path inside the web application: the request URI (undecoded, no query) minus the context path.
     * With a context path, the URI is normalized by core first and the normalized context path cut off, so
     * that no spelling of the context part ({@code //}, encodings, {@code ;params}, dot segments) shifts
     * the path; core's normalization is idempotent, so the gate normalizing it again changes nothing.
     */
    static String appPath(HttpServletRequest request) {
        String uri = request.getRequestURI() == null ? "/" : request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        if (context.isEmpty()) {
            return uri;
        }
        String inside;
        try {
            inside = PathNormalizer.within(uri, context);
        } catch (IllegalArgumentException e) {
            return uri; // unreadable: the gate answers 400 for it
        }
        return inside != null ? inside : containerPath(request, uri);
    }

    /** The container's decoded, canonical path, re-escaped so that core decodes it exactly once. */
    private static String containerPath(HttpServletRequest request, String uri) {
        try {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            return path.isEmpty() ? "/"
                    : path.replace("%", "%25").replace(";", "%3B").replace("?", "%3F").replace("#", "%23");
        } catch (RuntimeException e) {
            return uri;
        }
    }

    /** The Cookie header values joined as one header (HTTP/2 clients may split them), or {@code null}. */
    static String cookieHeader(HttpServletRequest request) {
        List<String> values = headers(request, "Cookie");
        return values.isEmpty() ? null : String.join("; ", values);
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        return values == null || !values.hasMoreElements() ? List.of() : Collections.list(values); // absent: no list
    }

    /** Adds the result's headers (e.g. {@code RateLimit}) to the response the application will write. */
    static void addHeaders(HttpServletResponse response, GateResult result) {
        addHeaders(response, result.headers());
    }

    /** Sets each header; a {@code Set-Cookie} replaces only an earlier one for the same cookie name. */
    static void addHeaders(HttpServletResponse response, Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Set-Cookie")) {
                setCookie(response, h.getValue());
            } else {
                response.setHeader(h.getKey(), h.getValue());
            }
        }
    }

    private static void setCookie(HttpServletResponse response, String setCookie) {
        String name = setCookie.substring(0, Math.max(0, setCookie.indexOf('=')) + 1);
        List<String> kept = new java.util.ArrayList<>();
        for (String existing : response.getHeaders("Set-Cookie")) {
            if (!existing.startsWith(name)) {
                kept.add(existing);
            }
        }
        kept.add(setCookie);
        response.setHeader("Set-Cookie", kept.get(0));
        for (int i = 1; i < kept.size(); i++) {
            response.addHeader("Set-Cookie", kept.get(i));
        }
    }

    /** Answers now with the result's status, headers and JSON body. */
    static void write(HttpServletResponse response, GateResult result) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(result.status());
        addHeaders(response, result);
        byte[] body = result.body() == null ? new byte[0] : result.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
