package dev.authstash.sample;

import dev.authstash.jaxrs.RateLimit;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1}: {@code me} (the signed-in user), {@code imports} (2 per 60 s per user), {@code health}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class V1Resource {
    @Context
    private ServletContext servletContext;
    @Context
    private SecurityContext security;

    /** 200 the user; 401 without a session. */
    @GET
    @Path("me")
    public Response me() {
        return currentUser().map(u -> Response.ok(u.toJson()).build()).orElseGet(V1Resource::unauthorized);
    }

    /** 202 accepted; limited by annotation to 2 per 60 s per user; 401 without a session. */
    @POST
    @Path("imports")
    @RateLimit(window = 60, max = 2, key = RateLimit.Key.USER)
    public Response startImport() {
        return currentUser()
                .map(u -> Response.accepted(Map.of("id", UUID.randomUUID().toString(), "status", "queued")).build())
                .orElseGet(V1Resource::unauthorized);
    }

    /** 200, never limited. */
    @GET
    @Path("health")
    public Map<String, String> health() {
        return Map.of("status", "ok");
    }

    private java.util.Optional<User> currentUser() {
        Principal principal = security.getUserPrincipal();
        if (principal == null) {
            return java.util.Optional.empty();
        }
        return Services.of(servletContext).users().byId(principal.getName());
    }

    private static Response unauthorized() {
        return Response.status(401).header("WWW-Authenticate", "Bearer")
                .entity(Map.of("message", "Unauthorized")).type(MediaType.APPLICATION_JSON).build();
    }
}
