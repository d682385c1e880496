package dev.authstash.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a {@code redis-server} binary: {@code REDIS_SERVER_BIN}, else one on {@code PATH}, else the
 * Linux binary bundled in {@code com.github.codemonstur:embedded-redis} (6.2), extracted once per JVM. Reads its
 * version ({@code redis-server --version}), logs which binary and version the tests use, once per JVM, and gives
 * the flags that version needs ({@link #versionFlags()}).
 */
public final class RedisBinary {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBinary.class);
    private static final String BUNDLED = "/redis-server-6.2.6-v5-linux-amd64";
    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");
    private static Path cached;
    private static int[] version;

    private RedisBinary() {}

    public static synchronized Path path() {
        if (cached == null) {
            String[] source = new String[1];
            cached = locate(source);
            version = readVersion(cached);
            LOG.info("test kit: redis-server {} from {} ({})", version(), source[0], cached);
        }
        return cached;
    }

    /** The version of {@link #path()}, e.g. {@code 7.0.15}. */
    public static synchronized String version() {
        path();
        return version[0] + "." + version[1] + "." + version[2];
    }

    /** Whether the server is at least {@code major.minor}. */
    public static synchronized boolean atLeast(int major, int minor) {
        path();
        return version[0] > major || (version[0] == major && version[1] >= minor);
    }

    /**
     * Flags every test server of this version gets: from 7.0 {@code DEBUG} (used to stall a server) is refused
     * unless {@code --enable-debug-command} allows it; 6.2 does not know the option and would not start with it.
     */
    public static List<String> versionFlags() {
        List<String> flags = new ArrayList<>();
        if (atLeast(7, 0)) {
            flags.addAll(List.of("--enable-debug-command", "yes"));
        }
        return flags;
    }

    private static Path locate(String[] source) {
        String env = System.getenv("REDIS_SERVER_BIN");
        if (env != null && !env.isBlank()) {
            source[0] = "REDIS_SERVER_BIN";
            return Path.of(env);
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                source[0] = "PATH";
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
            source[0] = "embedded-redis (bundled)";
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {major, minor, patch} from {@code redis-server --version}, waiting at most 10 s for it. */
    private static int[] readVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(binary + " --version did not answer within 10 s");
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("cannot read the version of " + binary + " from: " + out.strip());
            }
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
