package dev.authstash.quarkus;

import dev.authstash.jaxrs.JaxrsSessions;
import dev.authstash.jaxrs.RateLimit;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The adapter contract's application ({@code dev.authstash.testkit.AdapterContract}) as a Quarkus REST resource:
 * every path, GET and POST, blocking (a worker thread); {@code X-Sign-In} signs in with the no-argument
 * {@link JaxrsSessions#signIn(String)}, {@code X-Answer} picks the status, the body names the user. Plus a
 * non-blocking sign-in (event loop) and a {@code @RateLimit} method. {@code X-Thread} names the resource's thread.
 */
@Path("/")
public class AppResource {
    @GET
    @Path("{any: .*}")
    @Produces("text/plain")
    public Response get(@HeaderParam("X-Sign-In") String signIn, @HeaderParam("X-Answer") String answer,
                        @Context SecurityContext security) {
        return answer(signIn, answer, security);
    }

    @POST
    @Path("{any: .*}")
    @Produces("text/plain")
    public Response post(@HeaderParam("X-Sign-In") String signIn, @HeaderParam("X-Answer") String answer,
                         @Context SecurityContext security) {
        return answer(signIn, answer, security);
    }

    @POST
    @Path("api/non-blocking/sign-in")
    @Produces("text/plain")
    @NonBlocking
    public Response nonBlockingSignIn(@HeaderParam("X-Sign-In") String signIn) {
        JaxrsSessions.signIn(signIn);
        return Response.ok("signed-in").header("X-Thread", Thread.currentThread().getName()).build();
    }

    @GET
    @Path("api/limited")
    @Produces("text/plain")
    @RateLimit(window = 60, max = 2)
    public String limited() {
        return "limited";
    }

    private static Response answer(String signIn, String answer, SecurityContext security) {
        String thread = Thread.currentThread().getName();
        if (signIn != null) {
            JaxrsSessions.signIn(signIn);
            return Response.ok("signed-in").header("X-Thread", thread).build();
        }
        String user = security == null || security.getUserPrincipal() == null ? "anonymous"
                : security.getUserPrincipal().getName();
        return Response.status(answer == null ? 200 : Integer.parseInt(answer)).entity("user=" + user)
                .header("X-Thread", thread).build();
    }
}
