package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.web.SharedInstances;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one {@link Authstash} per web application from the context-param {@value #CONFIG_PARAM}
 * (a file path or a {@code classpath:} resource, default {@value #DEFAULT_CONFIG}), publishes it as the
 * context attribute {@value #ATTRIBUTE} and closes it (Redis pools included) when the application stops.
 * An invalid configuration fails the deployment with the loader's message. If the attribute is already
 * set (an embedding application built its own), that instance is used and left open.
 */
public class AuthstashListener implements ServletContextListener {
    /** Context attribute holding the shared {@link Authstash}. */
    public static final String ATTRIBUTE = "dev.authstash.Authstash";
    /** Context-param (or filter init-param) naming the configuration. */
    public static final String CONFIG_PARAM = "authstash.config";
    /** Where the configuration is read from when no param names it. */
    public static final String DEFAULT_CONFIG = "classpath:authstash.json";

    private static final Logger LOG = LoggerFactory.getLogger(AuthstashListener.class);
    private Authstash owned;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(ATTRIBUTE) instanceof Authstash) {
            LOG.info("authstash: using the Authstash already set as context attribute {}", ATTRIBUTE);
            return;
        }
        owned = Bootstrap.create(context.getInitParameter(CONFIG_PARAM), "context-param " + CONFIG_PARAM);
        context.setAttribute(ATTRIBUTE, owned);
        SharedInstances.publish(context.getClassLoader(), owned); // for a JAX-RS feature built by class name
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (owned != null) {
            SharedInstances.remove(event.getServletContext().getClassLoader(), owned);
            event.getServletContext().removeAttribute(ATTRIBUTE);
            Bootstrap.close(owned);
            owned = null;
        }
    }

    /**
     * The web application's shared instance, or {@code null} when no listener (or embedder) set one — e.g. before
     * the listener ran, or when the application uses only the filters. Use {@link #require} where it must exist.
     */
    public static Authstash get(ServletContext context) {
        Object value = context.getAttribute(ATTRIBUTE);
        return value instanceof Authstash a ? a : null;
    }

    /**
     * The web application's shared instance.
     *
     * @throws IllegalStateException naming the attribute when there is none (no listener registered, not yet run,
     *                               or its configuration failed)
     */
    public static Authstash require(ServletContext context) {
        Authstash a = get(context);
        if (a == null) {
            throw new IllegalStateException("no Authstash in context attribute " + ATTRIBUTE + ": register "
                    + AuthstashListener.class.getName() + " (web.xml or authstash.json for AuthstashInitializer)"
                    + " and call this after it ran");
        }
        return a;
    }
}
