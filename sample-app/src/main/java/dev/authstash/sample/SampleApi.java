package dev.authstash.sample;

import dev.authstash.Authstash;
import dev.authstash.jaxrs.AuthstashFeature;
import dev.authstash.servlet.AuthstashListener;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The JAX-RS application under {@code /api/v1/*} (Jersey servlet in {@code web.xml}): the authstash feature
 * (path rules, session filter, {@code @RateLimit}) on the web app's shared {@link Authstash}, and the resources.
 */
public final class SampleApi extends ResourceConfig {
    public SampleApi(@Context ServletContext servletContext) {
        Authstash authstash = AuthstashListener.get(servletContext);
        if (authstash == null) {
            throw new IllegalStateException("no Authstash in the servlet context: declare "
                    + AuthstashListener.class.getName() + " in web.xml");
        }
        register(new AuthstashFeature(authstash));
        register(V1Resource.class);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
