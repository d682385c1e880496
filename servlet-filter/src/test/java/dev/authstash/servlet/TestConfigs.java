package dev.authstash.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes test configurations derived from {@code servlet-memory.json} to temp files. That file keeps the
 * counters in memory explicitly ({@code "storage": "memory"}, the same store core picks for in-memory
 * storage), so a developer's {@code REDIS_URL} cannot make test deployments share counters.
 */
final class TestConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestConfigs() {}

    /** The test rules with {@code edit} applied, as a temp file path usable as {@code authstash.config}. */
    static String derive(Consumer<ObjectNode> edit) {
        try (InputStream in = TestConfigs.class.getResourceAsStream("/servlet-memory.json")) {
            ObjectNode root = (ObjectNode) JSON.readTree(in);
            edit.accept(root);
            Path file = Files.createTempFile("authstash-servlet-test", ".json");
            file.toFile().deleteOnExit();
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets {@code secondaryStorage.url} and keeps the counters there ({@code rateLimit.storage}), with 2 s
     * timeouts: the 50 ms defaults are for production hardware, not a loaded 2-core test machine.
     */
    static Consumer<ObjectNode> redis(String url) {
        return root -> {
            root.putObject("secondaryStorage").put("url", url).put("connectTimeoutMillis", 2000)
                    .put("socketTimeoutMillis", 2000);
            ((ObjectNode) root.get("rateLimit")).put("storage", "secondary-storage");
            root.put("secret", "servlet-test-secret-of-32-characters"); // shared storage needs one
        };
    }

    /**
     * Sets the Redis pool size and the connect/socket timeouts (which also bound the wait for a pooled
     * connection). The 50 ms defaults are too tight for a 40-client burst on a loaded 2-core test machine:
     * the store then "fails", and {@code onStorageError: local} admits a second quota in process.
     */
    static Consumer<ObjectNode> redisPool(int poolSize, int timeoutMillis) {
        return root -> ((ObjectNode) root.get("secondaryStorage")).put("poolSize", poolSize)
                .put("connectTimeoutMillis", timeoutMillis).put("socketTimeoutMillis", timeoutMillis);
    }

    /** Sets {@code advanced.ipAddress.trustedProxies}. */
    static Consumer<ObjectNode> trustedProxies(String... proxies) {
        return root -> {
            var list = root.putObject("advanced").putObject("ipAddress").putArray("trustedProxies");
            for (String p : proxies) {
                list.add(p);
            }
        };
    }

    /** Sets {@code rateLimit.onStorageError}. */
    static Consumer<ObjectNode> onStorageError(String policy) {
        return root -> ((ObjectNode) root.get("rateLimit")).put("onStorageError", policy);
    }
}
