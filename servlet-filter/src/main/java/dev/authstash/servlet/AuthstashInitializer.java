package dev.authstash.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers authstash without XML: when the web application has a configuration (context-param
 * {@value AuthstashListener#CONFIG_PARAM}, or {@code authstash.json} on its class path), adds the
 * {@link AuthstashListener} and the {@link RateLimitFilter} and {@link SessionFilter} on {@code /*}, async-supported,
 * before the filters of {@code web.xml}. A filter whose class {@code web.xml} (or another initializer) already
 * declares is not added again, and a second listener reuses the first one's instance. Opt out with the
 * context-param {@value #AUTO_REGISTER_PARAM} = {@code false}. Found by the container through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 */
public final class AuthstashInitializer implements ServletContainerInitializer {
    /** Context-param: {@code false} turns the automatic registration off. */
    public static final String AUTO_REGISTER_PARAM = "authstash.autoRegister";
    static final String RATE_LIMIT_NAME = "authstash-rate-limit";
    static final String SESSION_NAME = "authstash-session";
    private static final Logger LOG = LoggerFactory.getLogger(AuthstashInitializer.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if ("false".equalsIgnoreCase(String.valueOf(context.getInitParameter(AUTO_REGISTER_PARAM)).trim())) {
            LOG.info("authstash: automatic registration off ({}=false)", AUTO_REGISTER_PARAM);
            return;
        }
        if (context.getInitParameter(AuthstashListener.CONFIG_PARAM) == null && !hasDefaultConfig(context)) {
            return;
        }
        context.addListener(AuthstashListener.class);
        boolean rate = add(context, RATE_LIMIT_NAME, RateLimitFilter.class);
        boolean session = add(context, SESSION_NAME, SessionFilter.class);
        LOG.info("authstash: registered listener{}{} (opt out: context-param {}=false)",
                rate ? ", " + RATE_LIMIT_NAME : "", session ? ", " + SESSION_NAME : "", AUTO_REGISTER_PARAM);
    }

    private static boolean hasDefaultConfig(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        return loader != null && loader.getResource("authstash.json") != null;
    }

    /** Adds {@code type} on {@code /*} unless a filter of that class (or subclass) or that name exists. */
    private static boolean add(ServletContext context, String name, Class<? extends Filter> type) {
        for (FilterRegistration r : context.getFilterRegistrations().values()) {
            if (declares(r.getClassName(), type, context.getClassLoader())) {
                return false;
            }
        }
        FilterRegistration.Dynamic d = context.addFilter(name, type);
        if (d == null) {
            return false; // a filter of this name exists
        }
        d.setAsyncSupported(true);
        d.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        return true;
    }

    private static boolean declares(String className, Class<?> type, ClassLoader loader) {
        if (className == null) {
            return false;
        }
        if (className.equals(type.getName())) {
            return true;
        }
        try {
            return type.isAssignableFrom(Class.forName(className, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
