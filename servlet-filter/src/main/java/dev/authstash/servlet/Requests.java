package dev.authstash.servlet;

import dev.authstash.route.PathNormalizer;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.GateRequest;
import dev.authstash.web.Header;
import dev.authstash.web.RequestDetails;
import dev.authstash.web.RequestInfo;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Translates servlet requests into the gate's request view ({@link GateRequest}, {@link RequestInfo} for the session
 * helpers) and {@link GateOutcome}s into servlet responses.
 */
final class Requests {
    private Requests() {}

    private static final String INFO = "dev.authstash.servlet.requestInfo";
    private static final String VIEW = "dev.authstash.servlet.gateRequest";

    /**
     * The request as the choreography reads it; one object per request (kept in an attribute while method, path,
     * address and scheme stay the same), so the session step can use the read sent with the rate-limit script.
     *
     * @param body the request whose body a {@code body:} key may read and the application then re-reads
     *             ({@link ReplayableRequest}), or null for none (the session step needs no body)
     */
    static GateRequest view(HttpServletRequest request, RequestDetails body) {
        View view = new View(request, appPath(request), body);
        if (request.getAttribute(VIEW) instanceof View earlier && earlier.sameAs(view)) {
            return earlier;
        }
        request.setAttribute(VIEW, view);
        return view;
    }

    /** A servlet request as a {@link GateRequest}. */
    private static final class View implements GateRequest {
        private final HttpServletRequest request;
        private final String method;
        private final String path;
        private final String remote;
        private final boolean secure;
        private final RequestDetails body;

        View(HttpServletRequest request, String path, RequestDetails body) {
            this.request = request;
            this.method = request.getMethod();
            this.path = path;
            this.remote = request.getRemoteAddr();
            this.secure = request.isSecure();
            this.body = body;
        }

        boolean sameAs(View other) {
            return java.util.Objects.equals(method, other.method) && path.equals(other.path)
                    && secure == other.secure && java.util.Objects.equals(remote, other.remote);
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
        public String remoteAddress() {
            return remote;
        }

        @Override
        public List<String> headers(String name) {
            return Requests.headers(request, name);
        }

        @Override
        public boolean secure() {
            return secure;
        }

        @Override
        public byte[] body(int maxBytes) {
            return body == null ? null : body.body(maxBytes);
        }

        @Override
        public String parameter(String name) {
            return body == null ? null : body.parameter(name);
        }
    }

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

    /** As {@link #addHeaders(HttpServletResponse, List)}, for the session helpers' header maps. */
    static void addHeaders(HttpServletResponse response, Map<String, String> headers) {
        addHeaders(response, Header.of(headers));
    }

    /**
     * Adds the outcome's headers (e.g. {@code RateLimit}) to the response the application will write: every
     * {@code Set-Cookie} line is added, replacing only an earlier one for the same cookie name; another header
     * replaces the earlier values of its name.
     */
    static void addHeaders(HttpServletResponse response, List<Header> headers) {
        for (Header h : headers) {
            if (h.isSetCookie()) {
                setCookie(response, h.value());
            } else {
                response.setHeader(h.name(), h.value());
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

    /** Answers now with the outcome's status, headers and JSON body. */
    static void write(HttpServletResponse response, GateOutcome.Respond respond) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(respond.status());
        addHeaders(response, respond.headers());
        byte[] body = respond.body().getBytes(StandardCharsets.UTF_8);
        response.setContentType(GateOutcome.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
