package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.authstash.storage.SentinelSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code secondaryStorage.sentinel} and {@code redis-sentinel://} urls: values and errors naming the path. */
class SentinelConfigTest {

    private static void assertError(String json, String path, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json, n -> null));
        assertThat(e).as("no error for %s", json).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void readsTheSectionAndTheBuilderGivesTheSame() {
        AuthstashConfig config = ConfigLoader.parse("""
                {"secondaryStorage": {"sentinel": {"masterName": "mymaster", "nodes": ["s1:26379", "s2:26380"],
                  "password": "pw", "sentinelPassword": "spw", "database": 2}}}""", n -> null);
        SentinelSettings s = config.secondaryStorage().sentinel();
        assertThat(s).isEqualTo(new SentinelSettings("mymaster", List.of("s1:26379", "s2:26380"), null, "pw", "spw", 2));
        assertThat(s.toString()).doesNotContain("pw,").doesNotContain("spw");
        assertThat(config.secondaryStorage().usesRedis()).isTrue();
        assertThat(AuthstashConfig.builder().sentinel("mymaster", "s1:26379").build().secondaryStorage().sentinel())
                .isEqualTo(new SentinelSettings("mymaster", List.of("s1:26379"), null, null, null, 0));
        assertThat(ConfigLoader.parse("{\"secondaryStorage\": {\"url\": \"redis-sentinel://:pw@s1,s2:26380/1#m\"}}",
                n -> null).secondaryStorage().url()).isEqualTo("redis-sentinel://:pw@s1,s2:26380/1#m");
    }

    @Test
    void errorsNameThePathAndTheExpectedValue() {
        assertError("{\"secondaryStorage\": {\"sentinel\": {\"nodes\": [\"s1:26379\"]}}}",
                "secondaryStorage.sentinel.masterName", "secondaryStorage.sentinel.masterName: expected the master's"
                        + " name (sentinel monitor <name> …) when nodes are given, got \"\"");
        assertError("{\"secondaryStorage\": {\"sentinel\": {\"masterName\": \"m\"}}}", "secondaryStorage.sentinel.nodes",
                "secondaryStorage.sentinel.nodes: expected at least one sentinel \"host:port\", got []");
        assertError("{\"secondaryStorage\": {\"sentinel\": {\"masterName\": \"m\", \"nodes\": [\"s1\"]}}}",
                "secondaryStorage.sentinel.nodes[0]", "secondaryStorage.sentinel.nodes[0]: expected \"host:port\""
                        + " with a port from 1 to 65535, got \"s1\"");
        assertError("{\"secondaryStorage\": {\"clusterNodes\": [\"h:1\"], \"sentinel\": {\"masterName\": \"m\","
                + " \"nodes\": [\"s1:26379\"]}}}", "secondaryStorage.sentinel",
                "secondaryStorage.sentinel: expected one storage, got sentinel together with"
                        + " secondaryStorage.clusterNodes");
        assertError("{\"secondaryStorage\": {\"url\": \"redis-sentinel://:hunter2@s1:26379\"}}", "secondaryStorage.url",
                "secondaryStorage.url: missing #masterName: expected redis-sentinel://[[user]:password@]host[:port]"
                        + "[,host[:port]…][/db]#masterName, got \"redis-sentinel://:***@s1:26379\"");
    }
}
