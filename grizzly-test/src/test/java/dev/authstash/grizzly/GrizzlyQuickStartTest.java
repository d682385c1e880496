package dev.authstash.grizzly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.jaxrs.ShopResource;
import dev.authstash.testkit.QuickStartChecks;
import dev.authstash.testkit.RedisProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jersey on Grizzly ({@code jersey-container-grizzly2-http}, no servlet) with the README's quick start: the
 * dependency, {@code authstash.json} on the class path (the README's, verbatim: {@code src/test/resources} is checked
 * against it) and the app's own two lines (between the README markers below, also verbatim in the README). Redis
 * from {@code REDIS_URL}, set by the build.
 */
class GrizzlyQuickStartTest extends QuickStartChecks {
    private static RedisProcess redis;
    private static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.launchOn(Integer.getInteger("redis.port"));
        String baseUri = "http://0.0.0.0:0/";
        // README:grizzly begin
        ResourceConfig app = new ResourceConfig(ShopResource.class);    // authstash registers itself
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create(baseUri), app);
        // README:grizzly end
        GrizzlyQuickStartTest.server = server;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.shutdownNow();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected int port() {
        return server.getListener("grizzly").getPort();
    }

    @Test
    void theReadmeHoldsThisAppsGlueAndConfigurationVerbatim() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String source = Files.readString(Path.of("src/test/java/dev/authstash/grizzly/GrizzlyQuickStartTest.java"));
        String glue = source.substring(source.indexOf("// README:grizzly begin\n") + "// README:grizzly begin\n".length(),
                source.indexOf("        // README:grizzly end"));
        assertThat(readme).contains(glue.replace("\n        ", "\n").strip());
        assertThat(Files.readString(Path.of("src/test/resources/authstash.json"))).isEqualTo(readmeAuthstashJson());
    }
}
