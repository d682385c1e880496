package dev.authstash.jaxrs;

import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * {@link AuthstashFeature} without code: discovered by JAX-RS scanning of {@code @Provider} classes (an
 * {@code Application} with empty {@code getClasses()}/{@code getSingletons()}, RESTEasy and Jersey alike) and by
 * Jersey's auto-discovery ({@link JerseyAutoDiscoverable}). It configures the no-argument {@code AuthstashFeature}
 * — the servlet listener's instance when there is one, else the configuration — only when the application has
 * authstash (a listener instance, the property, system property or MicroProfile Config property (Quarkus'
 * {@code application.properties}) {@value AuthstashFeature#CONFIG_PROPERTY}, or
 * {@code authstash.json} on the class path) and has not registered {@code AuthstashFeature} itself. Opt out with
 * the property {@value #AUTO_REGISTER_PROPERTY} = {@code false}.
 */
@Provider
public final class AuthstashAutoFeature implements Feature {
    /** Application property (or system property): {@code false} turns auto-registration off. */
    public static final String AUTO_REGISTER_PROPERTY = "authstash.autoRegister";

    @Override
    public boolean configure(FeatureContext context) {
        Configuration config = context.getConfiguration();
        if (!wanted(config)) {
            return false;
        }
        return new AuthstashFeature().configure(context);
    }

    /** Whether the application has authstash, has not opted out and has not registered the feature itself. */
    static boolean wanted(Configuration config) {
        Object optOut = config.getProperty(AUTO_REGISTER_PROPERTY);
        String off = optOut != null ? optOut.toString() : System.getProperty(AUTO_REGISTER_PROPERTY);
        if (off == null) {
            off = MicroProfileConfig.value(AUTO_REGISTER_PROPERTY); // Quarkus: application.properties
        }
        if ("false".equalsIgnoreCase(off == null ? null : off.trim()) || config.isRegistered(AuthstashFeature.class)) {
            return false;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return dev.authstash.web.SharedInstances.find(loader) != null
                || config.getProperty(AuthstashFeature.CONFIG_PROPERTY) != null
                || System.getProperty(AuthstashFeature.CONFIG_PROPERTY) != null
                || MicroProfileConfig.value(AuthstashFeature.CONFIG_PROPERTY) != null
                || (loader != null && loader.getResource("authstash.json") != null)
                || AuthstashAutoFeature.class.getClassLoader().getResource("authstash.json") != null;
    }
}
