package dev.authstash.quarkus;

import dev.authstash.Authstash;
import dev.authstash.jaxrs.AuthstashFeature;
import dev.authstash.jaxrs.RateLimitAnnotationFilter;
import dev.authstash.jaxrs.VertxRequestCapture;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lets the adapter contract hand the running Quarkus app a new {@link Authstash} per test: the app starts once,
 * the contract builds one instance per case. {@link #install} runs the real {@link AuthstashFeature} against a
 * recording context and keeps the two filter instances it registers; the app's {@link SwitchFeature} registered,
 * at the same priorities, two pre-matching filters that forward to them, and — as {@code AuthstashFeature} does on
 * Quarkus REST — the classes {@link VertxRequestCapture} and {@link RateLimitAnnotationFilter}, which Quarkus
 * creates and injects. Only for the contract's profile ({@link Resource}); the README-style app of
 * {@link QuarkusRestTest} uses the discovered {@code AuthstashAutoFeature} alone.
 */
final class Switch {
    private static final String ACTIVE = "authstash.test.switch";
    private static volatile List<Object> filters = List.of();

    private Switch() {}

    static void install(Authstash authstash) {
        List<Object> registered = new ArrayList<>();
        FeatureContext recording = (FeatureContext) Proxy.newProxyInstance(Switch.class.getClassLoader(),
                new Class<?>[] {FeatureContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("register") && args[0] instanceof ContainerRequestFilter) {
                        registered.add(args[0]);
                    }
                    return m.getName().equals("getConfiguration") ? null : proxy;
                });
        new AuthstashFeature(authstash).configure(recording);
        if (registered.size() != 2) {
            throw new AssertionError("AuthstashFeature registered " + registered + ": the switch forwards two");
        }
        filters = List.copyOf(registered);
    }

    static void clear() {
        filters = List.of();
    }

    /** Turns the switch on for the contract's app (and {@code AuthstashAutoFeature} off), before it starts. */
    public static final class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            System.setProperty(ACTIVE, "true");
            System.setProperty("authstash.autoRegister", "false");
            return Map.of();
        }

        @Override
        public void stop() {
            System.clearProperty(ACTIVE);
            System.clearProperty("authstash.autoRegister");
        }
    }

    /** In the app: the forwarding filters and the classes Quarkus creates; inert unless {@link Resource} ran. */
    @Provider
    public static final class SwitchFeature implements Feature {
        @Override
        public boolean configure(FeatureContext context) {
            if (!Boolean.getBoolean(ACTIVE)) {
                return false;
            }
            // the priorities AuthstashFeature uses (RateLimitRequestFilter.PRIORITY, SessionRequestFilter.PRIORITY)
            context.register(VertxRequestCapture.class, dev.authstash.jaxrs.RateLimitRequestFilter.PRIORITY - 100);
            context.register(new Forward(0), dev.authstash.jaxrs.RateLimitRequestFilter.PRIORITY);
            context.register(new Forward(1), dev.authstash.jaxrs.SessionRequestFilter.PRIORITY);
            context.register(RateLimitAnnotationFilter.class, dev.authstash.jaxrs.SessionRequestFilter.PRIORITY + 100);
            return true;
        }
    }

    /** Forwards to the {@code index}th filter of the installed feature. */
    @PreMatching
    public static final class Forward implements ContainerRequestFilter, ContainerResponseFilter {
        private final int index;

        Forward(int index) {
            this.index = index;
        }

        @Override
        public void filter(ContainerRequestContext request) throws IOException {
            List<Object> current = filters;
            if (!current.isEmpty()) {
                ((ContainerRequestFilter) current.get(index)).filter(request);
            }
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
            List<Object> current = filters;
            if (!current.isEmpty()) {
                ((ContainerResponseFilter) current.get(index)).filter(request, response);
            }
        }
    }

}
