package dev.authstash.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** The resources every runtime under test serves, mounted at {@code /app/api/*}. */
@Path("/")
public class TestResources {

    @GET
    @Path("auth/sign-in/email")
    public String signInGet() {
        return "sign-in";
    }

    @POST
    @Path("auth/sign-in/email")
    public String signIn() {
        return "sign-in";
    }

    /** Echoes the body; 401 when it contains "wrong" (a failed sign-in). */
    @POST
    @Path("auth/sign-in/account")
    public jakarta.ws.rs.core.Response signInAccount(String body) {
        return jakarta.ws.rs.core.Response.status(body.contains("wrong") ? 401 : 200).entity(body).build();
    }

    @GET
    @Path("auth/sign-up/email")
    public String signUp() {
        return "sign-up";
    }

    /** Signs {@code id} in with {@link JaxrsSessions}; answers the token. */
    @POST
    @Path("auth/login-as/{id}")
    public String loginAs(@jakarta.ws.rs.PathParam("id") String id) {
        return JaxrsSessions.signIn(id).token();
    }

    @POST
    @Path("auth/sign-out")
    public String signOut() {
        JaxrsSessions.signOut();
        return "signed out";
    }

    @GET
    @Path("auth/public")
    public String unlimited() {
        return "public";
    }

    @GET
    @Path("account/me")
    public String me(@Context SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    @GET
    @Path("whoami")
    public String whoami(@Context SecurityContext security) {
        return security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
    }

    @POST
    @Path("imports")
    @RateLimit(window = 60, max = 2, key = RateLimit.Key.USER)
    public String importFile() {
        return "imported";
    }

    @GET
    @Path("keyed")
    @RateLimit(window = 60, max = 2, key = RateLimit.Key.HEADER, header = "X-Api-Key")
    public String keyed() {
        return "keyed";
    }

    @GET
    @Path("by-ip")
    @RateLimit(window = 60, max = 2)
    public String byIp() {
        return "by-ip";
    }
}
