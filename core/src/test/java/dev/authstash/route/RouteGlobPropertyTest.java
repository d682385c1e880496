package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The segment matcher agrees with a straightforward regex translation of the glob semantics. */
class RouteGlobPropertyTest {
    @Provide
    Arbitrary<List<String>> globSegments() {
        return Arbitraries.of("a", "b", "ab", "*", "**", "a*", "*b", "*a*", "a*b").list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<String>> pathSegments() {
        return Arbitraries.of("a", "b", "ab", "ba", "aab", "abb", "c").list().ofMaxSize(8);
    }

    @Property(tries = 5000)
    void agreesWithRegexReference(@ForAll("globSegments") List<String> glob, @ForAll("pathSegments") List<String> path) {
        String globText = "/" + String.join("/", glob);
        String pathText = "/" + String.join("/", path);
        assertThat(RouteGlob.compile(globText).matches(pathText))
                .as("%s ~ %s", globText, pathText)
                .isEqualTo(reference(glob).matcher(path.isEmpty() ? "" : pathText).matches());
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
