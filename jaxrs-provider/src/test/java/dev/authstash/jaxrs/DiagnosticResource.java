package dev.authstash.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The application mounting the opt-in diagnostic twice: loopback only, and for token holders. */
@Path("/internal")
public class DiagnosticResource {
    static final String TOKEN = "jaxrs-diagnostic-token-0123456789abcdef";
    private static final JaxrsIpDiagnostic LOOPBACK = new JaxrsIpDiagnostic(null);
    private static final JaxrsIpDiagnostic WITH_TOKEN = new JaxrsIpDiagnostic(TOKEN);

    @GET
    @Path("ip")
    public Response loopback(@Context ContainerRequestContext request) {
        return LOOPBACK.answer(request);
    }

    @GET
    @Path("ip-token")
    public Response token() {
        return WITH_TOKEN.answer();
    }
}
