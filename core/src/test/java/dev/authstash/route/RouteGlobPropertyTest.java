package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The segment matcher agrees with a straightforward regex translation of the glob semantics. */
class RouteGlobPropertyTest {
    private static final String[] GLOB_SEGMENTS = {"a", "b", "ab", "*", "**", "a*", "*b", "*a*", "a*b"};
    private static final String[] PATH_SEGMENTS = {"a", "b", "ab", "ba", "aab", "abb", "c"};

    @Test
    void agreesWithRegexReference() {
        Cases.check(5000, gen -> {
            List<String> glob = gen.list(6, () -> gen.oneOf(GLOB_SEGMENTS));
            List<String> path = gen.list(8, () -> gen.oneOf(PATH_SEGMENTS));
            String globText = "/" + String.join("/", glob);
            String pathText = "/" + String.join("/", path);
            assertThat(RouteGlob.compile(globText).matches(pathText))
                    .as("%s ~ %s", globText, pathText)
                    .isEqualTo(reference(glob).matcher(path.isEmpty() ? "" : pathText).matches());
        });
    }

    private static Pattern reference(List<String> glob) {
        StringBuilder regex = new StringBuilder();
        for (String segment : glob) {
            if (segment.equals("**")) {
                regex.append("(/[^/]+)*");
            } else if (segment.equals("*")) {
                regex.append("/[^/]+");
            } else {
                regex.append('/');
                for (String part : segment.split("\\*", -1)) {
                    regex.append(Pattern.quote(part)).append("[^/]*");
                }
                regex.setLength(regex.length() - "[^/]*".length());
            }
        }
        return Pattern.compile(regex.toString());
    }
}
