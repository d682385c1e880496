package dev.authstash.jakartaee.app;

import dev.authstash.jaxrs.JaxrsSessions;
import dev.authstash.jaxrs.RateLimit;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The WAR's only resource. It uses authstash's API as an application does ({@code JaxrsSessions},
 * {@code @RateLimit}) and registers nothing.
 */
@Path("/")
@Produces("text/plain")
public class ShopResource {
    @GET
    @Path("hello")
    public String hello() {
        return "hello";
    }

    /** Signs in the user named by {@code X-User}; without it, wrong credentials (401). */
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
    @Path("auth/sign-up/email")
    public String signUp() {
        return "signed-up";
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

    @POST
    @Path("imports")
    @RateLimit(window = 60, max = 2)
    public Response startImport() {
        return Response.accepted("started").build();
    }
}
