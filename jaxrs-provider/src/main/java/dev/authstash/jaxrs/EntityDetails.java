package dev.authstash.jaxrs;

import dev.authstash.web.RequestDetails;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;

/**
 * A JAX-RS request as rate-limit keys read it. Reading the body for a {@code body:} key replaces the entity
 * stream with the bytes read followed by the rest, so the resource reads the whole body; a body whose
 * {@code Content-Length} exceeds the cap is never read.
 */
final class EntityDetails implements RequestDetails {
    private final ContainerRequestContext request;
    private boolean read;

    EntityDetails(ContainerRequestContext request) {
        this.request = request;
    }

    @Override
    public String header(String name) {
        if (name.equalsIgnoreCase("Cookie")) {
            List<String> cookies = request.getHeaders().get("Cookie");
            return cookies == null || cookies.isEmpty() ? null : String.join("; ", cookies);
        }
        return request.getHeaderString(name) == null ? null : request.getHeaders().getFirst(name);
    }

    /**
     * The first query-string value of {@code name}. A form body is not read here (the JAX-RS implementation's
     * {@code @FormParam} parser would be a second one): a {@code param:} key on a form field refuses the request
     * (400); count such sign-ins with {@code JaxrsAttempts} where the resource has the identity.
     */
    @Override
    public String parameter(String name) {
        return request.getUriInfo().getQueryParameters().getFirst(name);
    }

    @Override
    public byte[] body(int maxBytes) {
        if (read || request.getLength() > maxBytes) {
            return null;
        }
        if (!request.hasEntity()) {
            return new byte[0];
        }
        read = true;
        InputStream in = request.getEntityStream();
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        boolean whole = bytes.length <= maxBytes;
        request.setEntityStream(whole ? new ByteArrayInputStream(bytes)
                : new SequenceInputStream(new ByteArrayInputStream(bytes), in));
        return whole ? bytes : null;
    }
}
