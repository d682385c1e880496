package dev.authstash.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds a {@code redis-server} binary: {@code REDIS_SERVER_BIN}, else one on {@code PATH}, else the
 * Linux binary bundled in {@code com.github.codemonstur:embedded-redis}, extracted once per JVM.
 */
public final class RedisBinary {
    private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";
    private static Path cached;

    private RedisBinary() {}

    public static synchronized Path path() {
        if (cached == null) {
            cached = locate();
        }
        return cached;
    }

    private static Path locate() {
        String env = System.getenv("REDIS_SERVER_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        try (InputStream in = RedisBinary.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server: set REDIS_SERVER_BIN, install one, or add embedded-redis");
            }
            Path file = Files.createTempFile("authstash-redis-server", "");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().setExecutable(true);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
