package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class PathNormalizerPropertyTest {
    private static final String[] TOKENS = {
        "/", "/", "/", ".", ".", "..", "%", ";", "\\", "?", "#", "a", "b", "z", "E", "F", "2", "5", "C", "0",
        "%2F", "%2f", "%2E", "%2e", "%25", "%3B", "%3F", "%23", "%5C", "%C3%A9", "%C3", "%00", "%41", "%7e",
        "é", " ", ";jsessionid=X", "/../", "/./", "//"};

    @Provide
    Arbitrary<String> hostilePaths() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void normalizeIsIdempotentAndCanonical(@ForAll("hostilePaths") String raw) {
        String once;
        try {
            once = PathNormalizer.normalize(raw);
        } catch (IllegalArgumentException rejected) {
            Statistics.collect("rejected");
            return;
        }
        Statistics.collect("accepted");
        assertThat(PathNormalizer.normalize(once)).isEqualTo(once);
        assertThat(once).startsWith("/")
                .doesNotContain("//", "/./", "/../", "\\", ";", "?", "#")
                .doesNotEndWith("/.").doesNotEndWith("/..");
        if (!once.equals("/")) {
            assertThat(once).doesNotEndWith("/");
        }
    }

    @Property(tries = 1000)
    void arbitraryStringsEitherNormalizeIdempotentlyOrAreRejectedWithIae(@ForAll String raw) {
        try {
            String once = PathNormalizer.normalize(raw);
            assertThat(PathNormalizer.normalize(once)).isEqualTo(once);
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected.getMessage()).contains("request path");
        }
    }

    @Provide
    Arbitrary<String> plainPaths() {
        return Arbitraries.of("/", "/", ".", "..", "a", "B", "-", "_", "~", "é", "€", " ", "\\")
                .list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    /** Percent-encoding any char of a path (even '/', '.', '\') never changes which resource it names. */
    @Property(tries = 2000)
    void fullyPercentEncodedSpellingNormalizesTheSame(@ForAll("plainPaths") String raw) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            encoded.append(String.format("%%%02X", b & 0xff));
        }
        assertThat(PathNormalizer.normalize(encoded.toString())).isEqualTo(PathNormalizer.normalize(raw));
    }
}
