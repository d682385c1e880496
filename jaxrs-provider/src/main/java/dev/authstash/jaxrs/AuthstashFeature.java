package dev.authstash.jaxrs;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.web.RequestGate;
import dev.authstash.web.SharedInstances;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Objects;

/**
 * Registers authstash in a JAX-RS application in one line: the path rate limiter
 * ({@link RateLimitRequestFilter}), the session filter ({@link SessionRequestFilter}), the
 * {@link RateLimit} filter ({@link RateLimitAnnotationFilter}) and a pre-matching filter that reads the peer address:
 * on Quarkus REST from the injected Vert.x {@code HttpServerRequest} ({@link VertxRequestCapture}), else, when the
 * Servlet API is on the class path, with the context path from the injected {@code HttpServletRequest}.
 *
 * <pre>{@code
 * Authstash authstash = Authstash.create(config);      // once per application; close it on shutdown
 * resourceConfig.register(new AuthstashFeature(authstash));
 * }</pre>
 *
 * <p>The no-argument form is for runtimes that instantiate features by class name or discover them
 * ({@link JerseyAutoDiscoverable}, JAX-RS scanning of {@code @Provider} classes): it uses the instance of the
 * web application's {@code AuthstashListener} when there is one (same counters and sessions as the servlet
 * filters), else builds its own from the configuration named by the application property
 * {@value #CONFIG_PROPERTY} (a Jersey servlet init-param, or {@code Application.getProperties()}), else the
 * system property of that name, else that property in MicroProfile Config when the application has it (Quarkus'
 * {@code application.properties}), else {@code classpath:authstash.json}. A built instance is never closed (JAX-RS
 * has no portable shutdown hook); prefer the {@code Authstash} form where you control start-up.
 */
public final class AuthstashFeature implements Feature {
    /** Property / system property naming the configuration: a file path or {@code classpath:resource}. */
    public static final String CONFIG_PROPERTY = "authstash.config";
    static final String DEFAULT_CONFIG = "classpath:authstash.json";
    /** Whether {@link ServletRequestCapture} can be used; that class is loaded only when this is true. */
    static final boolean SERVLET_API_PRESENT = present("jakarta.servlet.http.HttpServletRequest");
    /** Whether this is Quarkus REST with Vert.x: {@link VertxRequestCapture} is loaded only when this is true. */
    static final boolean QUARKUS_REST = present(VertxRequestCapture.QUARKUS_REST_MARKER)
            && present("io.vertx.core.http.HttpServerRequest");
    /** Whether Jersey's Grizzly container is here: {@link GrizzlyRequestCapture} is loaded only when this is true. */
    static final boolean JERSEY_GRIZZLY = present(GrizzlyRequestCapture.JERSEY_GRIZZLY_MARKER)
            && present("org.glassfish.grizzly.http.server.Request");

    private final ClientAddressResolver addresses;
    private Authstash authstash;

    /** Loads the configuration when the runtime configures the feature (see the class comment). */
    public AuthstashFeature() {
        this.addresses = ClientAddressResolver.servletContainer();
    }

    /** Uses {@code authstash}; the client address comes from the servlet request behind the JAX-RS runtime. */
    public AuthstashFeature(Authstash authstash) {
        this(authstash, ClientAddressResolver.servletContainer());
    }

    /** Uses {@code authstash} and a runtime-specific source of the client address. */
    public AuthstashFeature(Authstash authstash, ClientAddressResolver addresses) {
        this.authstash = Objects.requireNonNull(authstash, "authstash");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    public boolean configure(FeatureContext context) {
        Authstash a = authstash(context);
        RequestGate gate = a.gate();
        if (QUARKUS_REST) { // the peer from the Vert.x request; no servlet there (nor a CDI bean for one)
            context.register(VertxRequestCapture.class, ServletRequestCapture.PRIORITY);
        } else if (SERVLET_API_PRESENT) { // the class, not an instance: see ServletRequestCapture on RESTEasy
            context.register(ServletRequestCapture.class, ServletRequestCapture.PRIORITY);
        }
        if (JERSEY_GRIZZLY && !QUARKUS_REST) { // the peer from the Grizzly request when no servlet request gave it
            context.register(GrizzlyRequestCapture.class, ServletRequestCapture.PRIORITY + 1);
        }
        AnnotationLimits annotations = new AnnotationLimits(gate, addresses, a.config().rateLimit().algorithm(),
                a.headerKeys());
        context.register(new RateLimitRequestFilter(gate, addresses, a.rateLimiter(), annotations),
                RateLimitRequestFilter.PRIORITY);
        context.register(new SessionRequestFilter(gate, addresses), SessionRequestFilter.PRIORITY);
        // a class, so the runtime injects ResourceInfo before first use; it enforces @RateLimit (see the class)
        context.register(RateLimitAnnotationFilter.class, RateLimitBinding.PRIORITY);
        context.register(new RateLimitBinding(annotations)); // start-up check of the annotations, where run
        return true;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, AuthstashFeature.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The {@link Authstash} this feature uses (loaded on first configuration for the no-argument form). */
    synchronized Authstash authstash(FeatureContext context) {
        if (authstash == null) {
            authstash = SharedInstances.find(Thread.currentThread().getContextClassLoader());
        }
        if (authstash == null) {
            Object property = context.getConfiguration().getProperty(CONFIG_PROPERTY);
            String location = property != null ? property.toString() : System.getProperty(CONFIG_PROPERTY);
            if (location == null) {
                location = MicroProfileConfig.value(CONFIG_PROPERTY); // Quarkus: application.properties
            }
            authstash = Authstash.create(ConfigLoader.load(location == null || location.isBlank()
                    ? DEFAULT_CONFIG : location.strip()));
        }
        return authstash;
    }
}
