package dev.authstash.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The quick start's resource for the runtime test modules (Grizzly, Dropwizard; see {@code QuickStartChecks}); it
 * registers nothing of authstash.
 */
@Path("/api")
@Produces("text/plain")
public class ShopResource {
    @POST
    @Path("auth/sign-in/email")
    public Response signIn(@HeaderParam("X-User") String user) {
        if (user == null) {
            return Response.status(401).entity("wrong credentials").build();
        }
        JaxrsSessions.signIn(user);
        return Response.ok("signed-in").build();
    }

    @POST
    @Path("auth/forget-password")
    public String forgetPassword() {
        return "sent";
    }

    @GET
    @Path("account/me")
    public String me(@Context SecurityContext security) {
        return "user=" + (security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName());
    }
}
