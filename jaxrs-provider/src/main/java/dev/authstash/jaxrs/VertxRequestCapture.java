package dev.authstash.jaxrs;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

/**
 * Copies the TCP peer address of the Vert.x request behind a Quarkus REST request into the request property that
 * {@link ClientAddressResolver#servletContainer()} reads (the default resolver), so authstash needs no servlet there.
 * Quarkus REST injects the request's {@link HttpServerRequest} into {@code @Context} fields. Only
 * {@link AuthstashFeature} references this class, and only on Quarkus REST, so Jersey and RESTEasy users need no
 * Vert.x. The counterpart of the servlet context path is Quarkus' {@code quarkus.http.root-path} (read once through
 * MicroProfile Config): rules and {@code basePath} are matched inside it, as in a servlet web app.
 *
 * <p>Public only so that the runtime can create it: the feature registers the class. Not for direct use.
 */
@PreMatching
public final class VertxRequestCapture implements ContainerRequestFilter {
    /** Class whose presence means the request runs on Quarkus REST (RESTEasy Reactive's server). */
    static final String QUARKUS_REST_MARKER = "org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext";

    /** {@code quarkus.http.root-path} without its trailing slash ({@code ""} for the root). */
    private static final String ROOT_PATH = rootPath();

    @Context
    HttpServerRequest request;

    private static String rootPath() {
        String configured = MicroProfileConfig.value("quarkus.http.root-path"); // null: unset, or no config
        String root = configured == null ? "" : configured.strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root.isEmpty() || root.startsWith("/") ? root : "/" + root;
    }

    /** For the runtime, which creates and injects the instance. */
    public VertxRequestCapture() {}

    @Override
    public void filter(ContainerRequestContext ctx) {
        HttpServerRequest vertx = request;
        if (vertx == null) {
            return;
        }
        try {
            SocketAddress peer = vertx.remoteAddress();
            String address = peer == null ? null : peer.hostAddress();
            if (address != null && !address.isEmpty()) {
                ctx.setProperty(ServletRequestCapture.REMOTE_ADDR, address);
            }
            if (!ROOT_PATH.isEmpty()) {
                ctx.setProperty(ServletRequestCapture.CONTEXT_PATH, ROOT_PATH);
            }
        } catch (RuntimeException e) {
            // no Vert.x request behind this proxy: the address stays unknown (limited requests get 503)
        }
    }
}
