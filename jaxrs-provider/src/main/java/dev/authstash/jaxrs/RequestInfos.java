package dev.authstash.jaxrs;

import dev.authstash.route.PathNormalizer;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestInfo;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Translates between JAX-RS and the web-agnostic {@link dev.authstash.web.RequestGate}. */
final class RequestInfos {
    /** Request property holding the {@code Map<String,String>} headers to add to an allowed response. */
    static final String PENDING_HEADERS = "dev.authstash.jaxrs.rateLimitHeaders";

    private static final Logger LOG = LoggerFactory.getLogger(RequestInfos.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private RequestInfos() {}

    /**
     * The request as the gate sees it. The path is the path inside the web app: the raw request-URI path minus
     * the servlet context path when the request came through a servlet, else the whole raw path (runtimes
     * without a context path).
     */
    static RequestInfo of(ContainerRequestContext ctx, ClientAddressResolver addresses) {
        String remote = addresses.remoteAddress(ctx);
        if (remote == null && WARNED.compareAndSet(false, true)) {
            LOG.warn("authstash: the client address of JAX-RS requests is unknown, so all clients share one "
                    + "rate-limit key; give AuthstashFeature a ClientAddressResolver for this runtime");
        }
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

    /** The gate's answer as a JAX-RS response: status, headers and the JSON body as bytes. */
    static Response toResponse(GateResult result) {
        Response.ResponseBuilder response = Response.status(result.status());
        result.headers().forEach(response::header);
        if (result.body() != null) {
            response.type(MediaType.APPLICATION_JSON).entity(result.body().getBytes(StandardCharsets.UTF_8));
        }
        return response.build();
    }

    /** Remembers headers of an allowed decision, for the response filter. */
    @SuppressWarnings("unchecked")
    static void addPending(ContainerRequestContext ctx, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return;
        }
        Object pending = ctx.getProperty(PENDING_HEADERS);
        List<Map<String, String>> list = pending instanceof List<?> l
                ? (List<Map<String, String>>) l : new java.util.ArrayList<>();
        list.add(headers);
        ctx.setProperty(PENDING_HEADERS, list);
    }
}
