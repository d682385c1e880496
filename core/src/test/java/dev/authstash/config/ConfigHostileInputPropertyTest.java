package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the input, loading either succeeds or fails with one ConfigException whose message names a path. */
class ConfigHostileInputPropertyTest {
    private static final Function<String, String> ENV = Map.of("A", "x")::get;

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"rateLimit\"", "\"customRules\"", "\"window\"",
                "\"max\"", "\"/a/*\"", "\"${A}\"", "\"${B}\"", "\"$${\"", "\"${\"", "1", "-1", "1.5", "1e99", "true",
                "false", "null", "\"session\"", "\"basePath\"", "\"/x\"", " ", "\n", "\\u0000", "\"advanced\"",
                "\"ipAddress\"", "\"trustedProxies\"", "\"::1/200\"").list().ofMaxSize(40)
                .map(tokens -> String.join("", tokens));
    }

    @Property(tries = 3000)
    void tokenSoupNeverCrashes(@ForAll("jsonish") String json) {
        assertOnlyConfigException(json);
    }

    @Property(tries = 2000)
    void arbitraryTextNeverCrashes(@ForAll String text) {
        assertOnlyConfigException(text);
    }

    @Property(tries = 2000)
    void arbitraryStringValuesNeverCrash(@ForAll String value) {
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(value));
        for (String template : new String[] {"{\"basePath\":\"%s\"}", "{\"rateLimit\":{\"customRules\":{\"%s\":false}}}",
                "{\"advanced\":{\"ipAddress\":{\"trustedProxies\":[\"%s\"]}}}", "{\"session\":{\"cookieName\":\"%s\"}}",
                "{\"%s\":1}", "{\"session\":{\"protectedPaths\":[\"%s\"]}}"}) {
            assertOnlyConfigException(template.replace("%s", quoted));
        }
    }

    private static void assertOnlyConfigException(String json) {
        try {
            ConfigLoader.parse(json, ENV);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").hasSizeLessThan(600);
            assertThat(e.getMessage()).startsWith(e.path());
        }
    }
}
