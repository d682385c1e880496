package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RESTEasy (6.2) injects the {@code @Context} members of a provider registered as an <em>instance</em> only on
 * its first request, and marks it ready before injecting, so requests concurrent with that first one use it
 * uninjected (they had no servlet request and skipped every path rule). The feature must therefore register
 * each provider that needs injection as a class, and only instances that need none.
 */
class FeatureRegistrationTest {

    @Test
    void everyInstanceTheFeatureRegistersNeedsNoContextInjection() {
        List<Object> registered = new ArrayList<>();
        FeatureContext context = (FeatureContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FeatureContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("register")) {
                        registered.add(args[0]);
                        return proxy;
                    }
                    return method.getName().equals("configure") ? Boolean.TRUE : null;
                });
        try (Authstash authstash = Authstash.builder(JaxrsAdapterContract.memoryConfig()).environment(name -> null)
                .secret("jaxrs-test-secret-of-32-characters").build()) {
            assertThat(new AuthstashFeature(authstash).configure(context)).isTrue();
        }
        for (Object provider : registered) {
            if (!(provider instanceof Class<?>)) {
                assertThat(contextMembers(provider.getClass())).as(provider.getClass().getSimpleName()).isEmpty();
            }
        }
        assertThat(contextMembers(AnnotationRateLimitFilter.class)).as("registered per @RateLimit method").isEmpty();
        assertThat(registered).as("the servlet capture, by class").contains(ServletRequestCapture.class);
    }

    /** Fields and methods annotated {@code @Context} in {@code type} and its superclasses. */
    private static List<String> contextMembers(Class<?> type) {
        List<String> members = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Stream.concat(Stream.of(c.getDeclaredFields()), Stream.of(c.getDeclaredMethods()))
                    .filter(m -> ((AccessibleObject) m).isAnnotationPresent(Context.class))
                    .forEach(m -> members.add(m.toString()));
        }
        return members;
    }
}
