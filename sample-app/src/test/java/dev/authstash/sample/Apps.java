package dev.authstash.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Starts sample app instances in this JVM for a test and closes them all afterwards. */
final class Apps implements AutoCloseable {
    private final List<Running> running = new ArrayList<>();

    /** An instance on a free port with {@code env} (pairs: name, value) added to {@code PORT=0}. */
    Running start(String... env) {
        return start(env(env));
    }

    Running start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("PORT", "0");
        all.putIfAbsent("DEV_OUTBOX", "true"); // the tests read reset tokens and codes from the outbox
        Running app = SampleApp.start(all);
        running.add(app);
        return app;
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    /** A fresh in-memory H2 database that instances in this JVM share (it outlives them). */
    static String sharedH2() {
        return "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * The bundled config with 2 s Redis timeouts: its 50 ms defaults are for production hardware, and a loaded
     * 2-core test machine trips them (then the circuit breaker and fallbacks take over, which other tests cover).
     */
    static String bundledConfigWithTestTimeouts() {
        try {
            String json = Files.readString(Path.of("src/main/resources/authstash.json"));
            String patched = json.replace("\"basePath\": \"/api/auth\",", "\"basePath\": \"/api/auth\", \"secondaryStorage\":"
                    + " { \"socketTimeoutMillis\": 2000, \"connectTimeoutMillis\": 2000 },");
            if (patched.equals(json)) {
                throw new IllegalStateException("bundled config changed shape: " + json);
            }
            return patched;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code json} to a temporary file and returns its path, for {@code AUTHSTASH_CONFIG}. */
    static String configFile(String json) {
        try {
            Path file = Files.createTempFile("authstash-config", ".json");
            Files.writeString(file, json);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Running app : running) {
            app.close();
        }
        running.clear();
    }
}
