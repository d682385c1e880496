package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.session.CreatedSession;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JaxrsSessions} when the pre-matching filters ran on another thread than the resource method, as on Quarkus
 * REST (filters on the Vert.x event loop, a blocking resource method on a worker thread): the feature's filters are
 * run here on the threads that runtime uses, with a real (in-memory) {@link Authstash}. The runtime itself is covered
 * by the quarkus-test module.
 */
class JaxrsSessionsThreadTest {
    private final Authstash authstash = Authstash.builder(JaxrsAdapterContract.memoryConfig())
            .environment(name -> null).secret("jaxrs-test-secret-of-32-characters").build();
    private final ExecutorService eventLoop = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        eventLoop.shutdownNow();
        JaxrsSessions.unbind();
        authstash.close();
    }

    @Test
    void theNoArgumentFormsWorkOnTheResourceThreadAfterPreMatchingFiltersRanElsewhere() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        ContainerRequestContext request = request(properties);
        SessionRequestFilter sessions = new SessionRequestFilter(authstash.gate(), r -> "10.0.0.7");
        eventLoop.submit(() -> {
            sessions.filter(request); // pre-matching, on the "event loop"
            return null;
        }).get();

        new RateLimitAnnotationFilter().filter(request); // post-matching, on the resource method's thread
        CreatedSession created = JaxrsSessions.signIn("user-7");
        assertThat(created.session().userId()).isEqualTo("user-7");
        assertThat(properties.get(SessionRequestFilter.HELPER_HEADERS).toString()).contains("Set-Cookie");
        assertThat(authstash.gate().session(created.token())).isPresent();
        JaxrsSessions.signOut(); // this request carries no cookie: only the clearing cookie is set
        assertThat(properties.get(SessionRequestFilter.HELPER_HEADERS).toString()).contains("Max-Age=0");
    }

    @Test
    void theFormsTakingTheRequestWorkOnAnyThread() throws Exception {
        Map<String, Object> properties = new HashMap<>();
        ContainerRequestContext request = request(properties);
        new SessionRequestFilter(authstash.gate(), r -> "10.0.0.7").filter(request);
        CreatedSession created = eventLoop.submit(() -> JaxrsSessions.signIn(request, "user-8")).get();
        assertThat(authstash.gate().session(created.token())).isPresent();
        assertThatThrownBy(() -> eventLoop.submit(() -> JaxrsSessions.signIn("user-9")).get())
                .hasRootCauseMessage("no request on this thread went through authstash's session filter: register "
                        + "dev.authstash.jaxrs.AuthstashFeature and call from the resource method's thread, or pass the"
                        + " request (@Context ContainerRequestContext)");
    }

    /** GET /api/whoami from 10.0.0.7 without cookie, properties in {@code properties}. */
    private static ContainerRequestContext request(Map<String, Object> properties) {
        MultivaluedHashMap<String, String> headers = new MultivaluedHashMap<>();
        headers.add("User-Agent", "thread-test");
        UriInfo uri = (UriInfo) Proxy.newProxyInstance(JaxrsSessionsThreadTest.class.getClassLoader(),
                new Class<?>[] {UriInfo.class}, (p, m, args) ->
                        "getRequestUri".equals(m.getName()) ? URI.create("http://localhost/api/whoami") : null);
        return (ContainerRequestContext) Proxy.newProxyInstance(JaxrsSessionsThreadTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getMethod" -> "GET";
                    case "getUriInfo" -> uri;
                    case "getHeaders" -> headers;
                    case "getHeaderString" -> headers.getFirst((String) args[0]);
                    case "getProperty" -> properties.get((String) args[0]);
                    case "setProperty" -> properties.put((String) args[0], args[1]);
                    case "removeProperty" -> properties.remove((String) args[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> null;
                });
    }
}
