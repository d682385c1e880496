package dev.authstash.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code HttpServletRequest} behind a JAX-RS request, by reflection only: this module does not
 * depend on the Servlet API. Knows RESTEasy ({@code ResteasyContext.getContextData}) and Jersey (the servlet
 * request held by {@code ContainerRequest.getPropertiesDelegate()}); answers null elsewhere.
 */
final class ServletRequests {
    private static final String SERVLET_REQUEST = "jakarta.servlet.ServletRequest";
    private static final String HTTP_SERVLET_REQUEST = "jakarta.servlet.http.HttpServletRequest";

    private static final ClassValue<Finder> FINDERS = new ClassValue<>() {
        @Override
        protected Finder computeValue(Class<?> type) {
            return Finder.of(type);
        }
    };

    /** Accessible instance fields of reference type, per class (Jersey's delegates hold the request). */
    private static final ClassValue<List<Field>> CANDIDATE_FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive() && f.trySetAccessible()) {
                        fields.add(f);
                    }
                }
            }
            return List.copyOf(fields);
        }
    };

    private ServletRequests() {}

    /** The peer address ({@code ServletRequest.getRemoteAddr()}), or null when there is no servlet request. */
    static String remoteAddr(ContainerRequestContext ctx) {
        return (String) call(ctx, SERVLET_REQUEST, "getRemoteAddr");
    }

    /** The web app's context path ({@code ""} for the root), or null when there is no servlet request. */
    static String contextPath(ContainerRequestContext ctx) {
        return (String) call(ctx, HTTP_SERVLET_REQUEST, "getContextPath");
    }

    private static Object call(ContainerRequestContext ctx, String type, String method) {
        Object request = FINDERS.get(ctx.getClass()).find(ctx);
        if (request == null) {
            return null;
        }
        try {
            Class<?> api = Class.forName(type, false, request.getClass().getClassLoader());
            Method m = api.getMethod(method);
            return m.invoke(request);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** How to reach the servlet request from one request-context class. */
    private record Finder(Class<?> servletRequestType, Method resteasyLookup, Method jerseyDelegate) {
        static Finder of(Class<?> ctxType) {
            ClassLoader loader = ctxType.getClassLoader();
            Class<?> servletType = load(HTTP_SERVLET_REQUEST, loader);
            if (servletType == null) {
                return new Finder(null, null, null);
            }
            Method resteasy = null;
            Class<?> context = load("org.jboss.resteasy.core.ResteasyContext", loader);
            if (context != null) {
                try {
                    resteasy = context.getMethod("getContextData", Class.class);
                } catch (NoSuchMethodException ignored) {
                    // not this RESTEasy
                }
            }
            Method jersey = null;
            try {
                Method m = ctxType.getMethod("getPropertiesDelegate");
                jersey = Modifier.isPublic(m.getDeclaringClass().getModifiers()) ? m : null;
            } catch (NoSuchMethodException ignored) {
                // not Jersey
            }
            return new Finder(servletType, resteasy, jersey);
        }

        Object find(ContainerRequestContext ctx) {
            if (servletRequestType == null) {
                return null;
            }
            try {
                if (resteasyLookup != null) {
                    Object request = resteasyLookup.invoke(null, servletRequestType);
                    if (request != null) {
                        return request;
                    }
                }
                if (jerseyDelegate != null) {
                    return search(jerseyDelegate.invoke(ctx), 3);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
            return null;
        }

        /** The first field value (depth-first through delegates) that is a servlet request. */
        private Object search(Object holder, int depth) throws IllegalAccessException {
            if (holder == null || depth == 0) {
                return null;
            }
            if (servletRequestType.isInstance(holder)) {
                return holder;
            }
            for (Field f : CANDIDATE_FIELDS.get(holder.getClass())) {
                if (servletRequestType.isAssignableFrom(f.getType()) || f.getType().getName().contains("Delegate")) {
                    Object found = search(f.get(holder), depth - 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        private static Class<?> load(String name, ClassLoader loader) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                try {
                    return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError e2) {
                    return null;
                }
            }
        }
    }
}
