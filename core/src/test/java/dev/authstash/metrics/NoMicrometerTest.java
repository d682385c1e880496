package dev.authstash.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Core without Micrometer on the class path: the test class path minus every {@code micrometer} jar, in its own
 * class loader, runs {@link WithoutMicrometer} (rate limits, sessions, one-time tokens, health).
 */
class NoMicrometerTest {

    @Test
    void coreRunsWithoutMicrometer() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains("micrometer")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> run = loader.loadClass(WithoutMicrometer.class.getName());
            assertThat(run.getClassLoader()).isSameAs(loader);
            @SuppressWarnings("unchecked")
            Callable<String> task = (Callable<String>) run.getConstructor().newInstance();
            assertThat(task.call()).isEqualTo("allowed=2 limited=1 session=true token=true health=true");
        }
    }

    /** Runs inside the loader without Micrometer. */
    public static final class WithoutMicrometer implements Callable<String> {
        @Override
        public String call() {
            var config = dev.authstash.config.AuthstashConfig.builder().basePath("/api/auth")
                    .customRule("/sign-in", 60, 2).build();
            try (var a = dev.authstash.Authstash.builder(config).secret("n".repeat(32)).environment(k -> null)
                    .build()) {
                int allowed = 0;
                int limited = 0;
                for (int i = 0; i < 3; i++) {
                    if (a.rateLimiter().check("/api/auth/sign-in", "198.51.100.1").orElseThrow().allowed()) {
                        allowed++;
                    } else {
                        limited++;
                    }
                }
                String token = a.sessions().create("u", null, null, null).token();
                String reset = a.oneTimeTokens().issuePasswordReset("a@example.com");
                return "allowed=" + allowed + " limited=" + limited + " session=" + a.sessions().find(token).isPresent()
                        + " token=" + a.oneTimeTokens().consumePasswordReset(reset).isPresent()
                        + " health=" + a.health().up();
            }
        }
    }
}
