package dev.authstash.jaxrs;

import dev.authstash.route.PathNormalizer;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.GateRequest;
import dev.authstash.web.Header;
import dev.authstash.web.RequestInfo;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Translates between JAX-RS and the web-agnostic {@link dev.authstash.web.RequestGate}. */
final class RequestInfos {
    /** Request property holding the {@code List<List<Header>>} to add to an allowed response. */
    static final String PENDING_HEADERS = "dev.authstash.jaxrs.rateLimitHeaders";

    private static final Logger LOG = LoggerFactory.getLogger(RequestInfos.class);

    private RequestInfos() {}

    /**
     * The request as the gate sees it. The path is the path inside the web app: the raw request-URI path minus
     * the servlet context path when the request came through a servlet, else the whole raw path (runtimes
     * without a context path).
     */
    static RequestInfo of(ContainerRequestContext ctx, ClientAddressResolver addresses) {
        String remote = addresses.remoteAddress(ctx);
        boolean secure = "https".equalsIgnoreCase(ctx.getUriInfo().getRequestUri().getScheme())
                || (ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure());
        RequestInfo info = new RequestInfo(ctx.getMethod(), pathInWebApp(ctx), remote, ctx.getHeaders()::get, secure);
        // one object per request, so the session filter's lookup can use the read sent with the rate-limit script
        if (ctx.getProperty(INFO) instanceof RequestInfo earlier && same(earlier, info)) {
            return earlier;
        }
        ctx.setProperty(INFO, info);
        return info;
    }

    private static final String INFO = "dev.authstash.jaxrs.requestInfo";
    private static final String VIEW = "dev.authstash.jaxrs.gateRequest";

    /**
     * The request as the choreography reads it, one object per request (kept in a property while method, path,
     * address and scheme stay the same) so the session step can use the read sent with the rate-limit script; a
     * body read for a {@code body:} key is replayed to the resource ({@link EntityDetails}).
     */
    static GateRequest view(ContainerRequestContext ctx, ClientAddressResolver addresses) {
        RequestInfo info = of(ctx, addresses);
        if (ctx.getProperty(VIEW) instanceof View earlier && earlier.info == info) {
            return earlier;
        }
        View view = new View(info, new EntityDetails(ctx));
        ctx.setProperty(VIEW, view);
        return view;
    }

    /** A JAX-RS request as a {@link GateRequest}. */
    private static final class View implements GateRequest {
        private final RequestInfo info;
        private final EntityDetails body;

        View(RequestInfo info, EntityDetails body) {
            this.info = info;
            this.body = body;
        }

        @Override
        public String method() {
            return info.method();
        }

        @Override
        public String path() {
            return info.path();
        }

        @Override
        public String remoteAddress() {
            return info.remoteAddr().isEmpty() ? null : info.remoteAddr();
        }

        @Override
        public List<String> headers(String name) {
            return info.headers(name);
        }

        @Override
        public boolean secure() {
            return info.secure();
        }

        @Override
        public byte[] body(int maxBytes) {
            return body.body(maxBytes);
        }

        @Override
        public String parameter(String name) {
            return body.parameter(name);
        }
    }

    static boolean same(RequestInfo a, RequestInfo b) {
        return java.util.Objects.equals(a.method(), b.method()) && a.path().equals(b.path()) && a.secure() == b.secure()
                && java.util.Objects.equals(a.remoteAddr(), b.remoteAddr());
    }

    static String pathInWebApp(ContainerRequestContext ctx) {
        String raw = ctx.getUriInfo().getRequestUri().getRawPath();
        if (raw == null || raw.isEmpty()) {
            raw = "/";
        }
        Object contextPath = ctx.getProperty(ServletRequestCapture.CONTEXT_PATH);
        if (!(contextPath instanceof String prefixText) || prefixText.isEmpty() || prefixText.equals("/")) {
            return raw;
        }
        try {
            String inside = PathNormalizer.within(raw, prefixText);
            return inside != null ? inside : PathNormalizer.normalize(raw);
        } catch (IllegalArgumentException e) {
            return raw; // the gate answers 400 for it
        }
    }

    /** The gate's answer as a JAX-RS response: status, every header line (two {@code Set-Cookie} stay two), JSON body. */
    static Response toResponse(GateOutcome.Respond respond) {
        Response.ResponseBuilder response = Response.status(respond.status());
        for (Header h : respond.headers()) {
            response.header(h.name(), h.value());
        }
        return response.type(MediaType.APPLICATION_JSON).entity(respond.body().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The text of the one ERROR logged when a rate-limited request is refused for want of a client address. */
    static final String UNKNOWN_ADDRESS_ERROR = "authstash: the client address of JAX-RS requests is unknown, so"
            + " rate-limited requests are refused with 503 (one bucket shared by all clients would let one client"
            + " lock everybody out); give AuthstashFeature a ClientAddressResolver for this runtime:"
            + " new AuthstashFeature(authstash, request -> <the peer IP of request>)";

    /**
     * Whether {@code view} has no client address (the resolver answered null) while the gate would key on one
     * (not under {@code advanced.ipAddress.disableIpTracking}): such a request must not be counted in a bucket
     * that all clients share, so a rate-limited one is refused ({@link #unknownAddress()}).
     */
    static boolean addressUnknown(GateRequest view, dev.authstash.web.RequestGate gate) {
        return view.remoteAddress() == null
                && gate.clientKey(new RequestInfo(view.method(), view.path(), null, view::headers)) != null;
    }

    /** 503 for a rate-limited request without client address; the first one logs {@link #UNKNOWN_ADDRESS_ERROR}. */
    static Response unknownAddress(AtomicBoolean logged) {
        if (logged.compareAndSet(false, true)) {
            LOG.error(UNKNOWN_ADDRESS_ERROR);
        }
        return Response.status(503).type(MediaType.APPLICATION_JSON)
                .entity(UNAVAILABLE_BODY.getBytes(StandardCharsets.UTF_8)).build();
    }

    static final String UNAVAILABLE_BODY =
            "{\"message\":\"Service temporarily unavailable. Please try again later.\"}";

    /** Remembers the headers of an allowed step, for the response filter. */
    @SuppressWarnings("unchecked")
    static void addPending(ContainerRequestContext ctx, List<Header> headers) {
        if (headers.isEmpty()) {
            return;
        }
        Object pending = ctx.getProperty(PENDING_HEADERS);
        List<List<Header>> list = pending instanceof List<?> l
                ? (List<List<Header>>) l : new java.util.ArrayList<>();
        list.add(headers);
        ctx.setProperty(PENDING_HEADERS, list);
    }
}
