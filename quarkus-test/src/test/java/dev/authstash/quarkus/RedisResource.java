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
 * same document with the URL filled in and names it by the Quarkus configuration property {@code authstash.config}
 * (what a line in {@code application.properties} gives), which {@code AuthstashFeature} reads through MicroProfile
 * Config.
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
        return Map.of("authstash.config", config.toString()); // Quarkus config, as if in application.properties
    }

    @Override
    public void stop() {
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
