package dev.authstash.grizzly;

import dev.authstash.jaxrs.JaxrsSessions;

import dev.authstash.testkit.AdapterContract;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** The {@link AdapterContract}'s application as a JAX-RS resource (a copy of jaxrs-provider's): every path, GET and POST. */
@Path("/")
public class ContractResource {
    @GET
    @Path("{any: .*}")
    @Produces("text/plain")
    public Response get(@HeaderParam(AdapterContract.SIGN_IN_HEADER) String signIn,
                        @HeaderParam(AdapterContract.ANSWER_HEADER) String answer, @Context SecurityContext security) {
        return answer(signIn, answer, security);
    }

    @POST
    @Path("{any: .*}")
    @Produces("text/plain")
    public Response post(@HeaderParam(AdapterContract.SIGN_IN_HEADER) String signIn,
                         @HeaderParam(AdapterContract.ANSWER_HEADER) String answer, @Context SecurityContext security) {
        return answer(signIn, answer, security);
    }

    private static Response answer(String signIn, String answer, SecurityContext security) {
        if (signIn != null) {
            JaxrsSessions.signIn(signIn);
            return Response.ok("signed-in").build();
        }
        String user = security == null || security.getUserPrincipal() == null ? "anonymous"
                : security.getUserPrincipal().getName();
        return Response.status(answer == null ? 200 : Integer.parseInt(answer)).entity("user=" + user).build();
    }
}
