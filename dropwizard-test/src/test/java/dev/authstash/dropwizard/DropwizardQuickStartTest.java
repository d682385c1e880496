package dev.authstash.dropwizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.QuickStartChecks;
import dev.authstash.testkit.RedisProcess;
import io.dropwizard.core.Configuration;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dropwizard 5 (Jersey on Jetty) with the README's quick start: the dependency and {@code authstash.json} on the class
 * path (the README's, verbatim), nothing registered ({@link ShopApp} registers only its resource). Redis from
 * {@code REDIS_URL}, set by the build.
 */
class DropwizardQuickStartTest extends QuickStartChecks {
    private static RedisProcess redis;
    private static DropwizardTestSupport<Configuration> app;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.launchOn(Integer.getInteger("redis.port"));
        app = new DropwizardTestSupport<>(ShopApp.class, ResourceHelpers.resourceFilePath("shop.yml"));
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected int port() {
        return app.getLocalPort();
    }

    @Test
    void theConfigurationIsTheReadmesVerbatim() throws Exception {
        assertThat(Files.readString(Path.of("src/test/resources/authstash.json"))).isEqualTo(readmeAuthstashJson());
    }
}
