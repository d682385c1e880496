package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider on a runtime without the Servlet API: this module's classes and the test class path minus
 * {@code jakarta.servlet-api}, in their own class loader. The feature must not register the servlet capture
 * (nor fail to load), and the path filter must match rules against the whole raw path (config of
 * {@link NoArgFeatureTest}: {@code /api/auth/sign-in/email} 1 per minute). Without a servlet and without a
 * {@link ClientAddressResolver} the client address is unknown: a rate-limited request is refused with 503 (all
 * clients must never share one bucket), an unlimited one passes.
 */
class NoServletApiTest {

    @Test
    void withoutTheServletApiTheFeatureSkipsTheCaptureAndLimitsByTheRawPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            // nor Grizzly, whose presence registers GrizzlyRequestCapture (Jersey on Grizzly: grizzly-test)
            if (!entry.isEmpty() && !entry.contains("jakarta.servlet-api") && !entry.contains("grizzly")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            assertThatThrownBy(() -> loader.loadClass("jakarta.servlet.http.HttpServletRequest"))
                    .isInstanceOf(ClassNotFoundException.class);
            List<Object> registered = new ArrayList<>();
            Object feature = loader.loadClass(AuthstashFeature.class.getName()).getConstructor().newInstance();
            String featureContextType = "jakarta.ws.rs.core.FeatureContext";
            Object featureContext = proxy(loader, featureContextType, (m, args) -> switch (m.getName()) {
                case "register" -> {
                    registered.add(args[0]);
                    yield null;
                }
                case "getConfiguration" -> proxy(loader, "jakarta.ws.rs.core.Configuration", (m2, a2) ->
                        "getProperty".equals(m2.getName()) && AuthstashFeature.CONFIG_PROPERTY.equals(a2[0])
                                ? NoArgFeatureTest.CONFIG : null);
                default -> null;
            });
            call(feature, "configure", featureContext);
            assertThat(registered).extracting(o -> o instanceof Class<?> c ? c.getSimpleName() : o.getClass().getSimpleName())
                    .containsExactly("RateLimitRequestFilter", "SessionRequestFilter", "RateLimitAnnotationFilter",
                            "RateLimitBinding");
            assertThat(registered.get(0).getClass().getClassLoader()).isSameAs(loader);

            Object pathFilter = registered.get(0);
            for (int i = 0; i < 3; i++) {
                Map<String, Object> limited = request(loader, pathFilter, "/api/auth/sign-in/email");
                assertThat(call(limited.get("aborted"), "getStatus")).as("no shared bucket").isEqualTo(503);
            }
            Map<String, Object> outside = request(loader, pathFilter, "/api/other");
            assertThat(outside).doesNotContainKey("aborted");
            assertThat(outside).doesNotContainKey(RequestInfos.PENDING_HEADERS);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** POST {@code path} through {@code filter}; returns the properties set, plus "aborted". */
    private static Map<String, Object> request(ClassLoader loader, Object filter, String path) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        Object headers = loader.loadClass("jakarta.ws.rs.core.MultivaluedHashMap").getConstructor().newInstance();
        Object uriInfo = proxy(loader, "jakarta.ws.rs.core.UriInfo", (m, args) ->
                "getRequestUri".equals(m.getName()) ? URI.create("http://localhost" + path) : null);
        String contextType = "jakarta.ws.rs.container.ContainerRequestContext";
        Object ctx = proxy(loader, contextType, (m, args) -> switch (m.getName()) {
            case "getMethod" -> "POST";
            case "getUriInfo" -> uriInfo;
            case "getHeaders" -> headers;
            case "getProperty" -> properties.get((String) args[0]);
            case "setProperty" -> properties.put((String) args[0], args[1]);
            case "abortWith" -> properties.put("aborted", args[0]);
            default -> null;
        });
        call(filter, "filter", ctx);
        return properties;
    }

    interface Handler {
        Object handle(Method method, Object[] args) throws Exception;
    }

    private static Object proxy(ClassLoader loader, String type, Handler handler) throws ClassNotFoundException {
        return Proxy.newProxyInstance(loader, new Class<?>[] {loader.loadClass(type)},
                (p, m, args) -> m.getDeclaringClass() == Object.class
                        ? m.invoke(handler, args) : handler.handle(m, args));
    }

    private static Object call(Object target, String name, Object... args) throws Exception {
        Method method = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == args.length)
                .findFirst().orElseThrow();
        return method.invoke(target, args);
    }
}
