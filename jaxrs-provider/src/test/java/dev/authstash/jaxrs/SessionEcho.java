package dev.authstash.jaxrs;

import dev.authstash.session.Session;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** Test provider: shows the session request property as the {@code X-Session-User} response header. */
public class SessionEcho implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(SessionRequestFilter.SESSION_PROPERTY) instanceof Session session) {
            response.getHeaders().add("X-Session-User", session.userId());
        }
    }
}
