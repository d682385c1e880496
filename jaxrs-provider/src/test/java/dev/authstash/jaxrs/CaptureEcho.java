package dev.authstash.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** Test provider: shows what {@link ServletRequestCapture} read as {@code X-Peer} / {@code X-Context-Path}. */
public class CaptureEcho implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(ServletRequestCapture.REMOTE_ADDR) instanceof String peer) {
            response.getHeaders().add("X-Peer", peer);
        }
        if (request.getProperty(ServletRequestCapture.CONTEXT_PATH) instanceof String contextPath) {
            response.getHeaders().add("X-Context-Path", contextPath);
        }
    }
}
