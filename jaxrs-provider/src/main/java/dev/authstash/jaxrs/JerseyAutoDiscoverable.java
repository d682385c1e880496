package dev.authstash.jaxrs;

import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Jersey's auto-discovery ({@code META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable}): adds
 * {@link AuthstashAutoFeature} to every Jersey application, which then decides whether to configure authstash.
 * Off with Jersey's {@code jersey.config.disableAutoDiscovery} or authstash's {@code authstash.autoRegister=false}.
 */
public final class JerseyAutoDiscoverable implements AutoDiscoverable {
    @Override
    public void configure(FeatureContext context) {
        if (!context.getConfiguration().isRegistered(AuthstashAutoFeature.class)
                && !context.getConfiguration().isRegistered(AuthstashFeature.class)) {
            context.register(AuthstashAutoFeature.class);
        }
    }
}
