package dev.authstash.jaxrs;

import dev.authstash.web.Diagnosis;
import dev.authstash.web.Header;
import dev.authstash.web.RequestGate;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The opt-in client-address diagnostic ({@link RequestGate#diagnose}) for a resource method the application
 * declares where it wants (nothing registers one): it answers, as JSON, the peer, the forwarded headers read, the
 * client address, the rules of query parameter {@code path} (and {@code method}) with their hashed buckets, why,
 * and the proxy doctor's findings. Without a token only a loopback peer that sent no forwarded header is answered;
 * with one (at least 32 characters, checked when the diagnostic is constructed) only requests carrying it in
 * {@code X-Authstash-Diagnostic-Token}. Everyone else gets 404; at most 30 requests a minute (429). Needs
 * {@link AuthstashFeature}; translation only.
 *
 * <pre>{@code
 * private static final JaxrsIpDiagnostic DIAGNOSTIC = new JaxrsIpDiagnostic(System.getenv("DIAG_TOKEN"));
 *
 * @GET @Path("internal/authstash/ip")
 * public Response ip() { return DIAGNOSTIC.answer(); }
 * }</pre>
 */
public final class JaxrsIpDiagnostic {
    /** The name the token check reports. */
    public static final String TOKEN_NAME = "authstash.diagnosticToken";

    private final String token;

    /**
     * @param token null (loopback only) or at least 32 characters
     * @throws IllegalArgumentException when {@code token} is shorter than 32 characters (at construction, so a short
     *                                  token stops the application's start instead of failing every request)
     */
    public JaxrsIpDiagnostic(String token) {
        if (token != null && token.length() < 32) {
            throw new IllegalArgumentException(TOKEN_NAME + ": expected at least 32 characters, got "
                    + token.length());
        }
        this.token = token;
    }

    /** {@link #answer(ContainerRequestContext)} for the request handled on this thread. */
    public Response answer() {
        return answer(JaxrsSessions.current());
    }

    /** The diagnostic's answer for {@code request}. */
    public Response answer(ContainerRequestContext request) {
        if (!(request.getProperty(SessionRequestFilter.FILTER_PROPERTY) instanceof SessionRequestFilter filter)) {
            throw new IllegalStateException("authstash's session filter did not see this request: register "
                    + AuthstashFeature.class.getName());
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        Diagnosis d = filter.gate().diagnose(filter.view(request), query.getFirst("path"), query.getFirst("method"),
                token);
        Response.ResponseBuilder response = Response.status(d.status());
        for (Header h : d.headers()) {
            response.header(h.name(), h.value());
        }
        return response.type(MediaType.APPLICATION_JSON).entity(d.body().getBytes(StandardCharsets.UTF_8)).build();
    }
}
