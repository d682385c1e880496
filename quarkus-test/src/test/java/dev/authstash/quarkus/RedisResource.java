package dev.authstash.quarkus;

import dev.authstash.testkit.RedisProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real {@code redis-server} (the test kit's) for the Quarkus app, started before the app: the app's
 * {@code authstash.json} names {@code ${REDIS_URL}}, which a test cannot set in the environment, so this writes the
 * same document with the URL filled in and names it by the system property {@code authstash.config}, the location
 * {@code AuthstashFeature} reads when the application gives none.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {
    static volatile RedisProcess redis;
    private Path config;

    @Override
    public Map<String, String> start() {
        redis = RedisProcess.launch();
        try (var in = RedisResource.class.getResourceAsStream("/authstash.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${REDIS_URL}", redis.url());
            config = Files.createTempFile("authstash-quarkus", ".json");
            Files.writeString(config, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("authstash.config", config.toString());
        return Map.of();
    }

    @Override
    public void stop() {
        System.clearProperty("authstash.config");
        if (redis != null) {
            redis.close();
        }
        try {
            if (config != null) {
                Files.deleteIfExists(config);
            }
        } catch (IOException e) {
            // a temp file under target/test-tmp, emptied with it
        }
    }
}
