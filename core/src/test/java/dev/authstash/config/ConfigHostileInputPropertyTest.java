package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.authstash.testkit.Cases;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Whatever the input, loading either succeeds or fails with one ConfigException whose message names a path. */
class ConfigHostileInputPropertyTest {
    private static final Function<String, String> ENV = Map.of("A", "x")::get;
    private static final String[] JSONISH = {"{", "}", "[", "]", ",", ":", "\"", "\"rateLimit\"", "\"customRules\"",
        "\"window\"", "\"max\"", "\"/a/*\"", "\"${A}\"", "\"${B}\"", "\"$${\"", "\"${\"", "1", "-1", "1.5", "1e99", "true",
        "false", "null", "\"session\"", "\"basePath\"", "\"/x\"", " ", "\n", "\\u0000", "\"advanced\"",
        "\"ipAddress\"", "\"trustedProxies\"", "\"::1/200\""};

    @Test
    void tokenSoupNeverCrashes() {
        Cases.check(3000, gen -> assertOnlyConfigException(gen.joined(40, JSONISH)));
    }

    @Test
    void arbitraryTextNeverCrashes() {
        Cases.check(2000, gen -> assertOnlyConfigException(gen.string()));
    }

    @Test
    void arbitraryStringValuesNeverCrash() {
        Cases.check(2000, gen -> {
            String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(gen.string()));
            for (String template : new String[] {"{\"basePath\":\"%s\"}", "{\"rateLimit\":{\"customRules\":{\"%s\":false}}}",
                    "{\"advanced\":{\"ipAddress\":{\"trustedProxies\":[\"%s\"]}}}", "{\"session\":{\"cookieName\":\"%s\"}}",
                    "{\"%s\":1}", "{\"session\":{\"protectedPaths\":[\"%s\"]}}"}) {
                assertOnlyConfigException(template.replace("%s", quoted));
            }
        });
    }

    private static void assertOnlyConfigException(String json) {
        try {
            ConfigLoader.parse(json, ENV);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as("input %s", json).isNotBlank().doesNotContain("\n").hasSizeLessThan(600);
            assertThat(e.getMessage()).as("input %s", json).startsWith(e.path());
        }
    }
}
