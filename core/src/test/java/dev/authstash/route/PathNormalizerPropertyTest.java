package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PathNormalizerPropertyTest {
    private static final String[] TOKENS = {
        "/", "/", "/", ".", ".", "..", "%", ";", "\\", "?", "#", "a", "b", "z", "E", "F", "2", "5", "C", "0",
        "%2F", "%2f", "%2E", "%2e", "%25", "%3B", "%3F", "%23", "%5C", "%C3%A9", "%C3", "%00", "%41", "%7e",
        "é", " ", ";jsessionid=X", "/../", "/./", "//"};
    private static final String[] PLAIN = {"/", "/", ".", "..", "a", "B", "-", "_", "~", "é", "€", " ", "\\"};

    @Test
    void normalizeIsIdempotentAndCanonical() {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        Cases.check(3000, gen -> {
            String raw = gen.joined(40, TOKENS);
            String once;
            try {
                once = PathNormalizer.normalize(raw);
            } catch (IllegalArgumentException e) {
                rejected.incrementAndGet();
                return;
            }
            accepted.incrementAndGet();
            assertThat(PathNormalizer.normalize(once)).as("raw %s", raw).isEqualTo(once);
            assertThat(once).as("raw %s", raw).startsWith("/")
                    .doesNotContain("//", "/./", "/../", "\\", ";", "?", "#")
                    .doesNotEndWith("/.").doesNotEndWith("/..");
            if (!once.equals("/")) {
                assertThat(once).as("raw %s", raw).doesNotEndWith("/");
            }
        });
        // the generator reaches both outcomes
        assertThat(accepted.get()).isPositive();
        assertThat(rejected.get()).isPositive();
    }

    @Test
    void arbitraryStringsEitherNormalizeIdempotentlyOrAreRejectedWithIae() {
        Cases.check(1000, gen -> {
            String raw = gen.string();
            try {
                String once = PathNormalizer.normalize(raw);
                assertThat(PathNormalizer.normalize(once)).as("raw %s", raw).isEqualTo(once);
            } catch (IllegalArgumentException rejected) {
                assertThat(rejected.getMessage()).contains("request path");
            }
        });
    }

    /** Percent-encoding any char of a path (even '/', '.', '\') never changes which resource it names. */
    @Test
    void fullyPercentEncodedSpellingNormalizesTheSame() {
        Cases.check(2000, gen -> {
            String raw = gen.joined(30, PLAIN);
            StringBuilder encoded = new StringBuilder();
            for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
                encoded.append(String.format("%%%02X", b & 0xff));
            }
            assertThat(PathNormalizer.normalize(encoded.toString())).as("raw %s", raw)
                    .isEqualTo(PathNormalizer.normalize(raw));
        });
    }

    /** The already-normal shortcut answers exactly what the full rebuild answers, and only for its own output. */
    @Test
    void shortcutAgreesWithTheFullRebuild() {
        AtomicInteger shortcut = new AtomicInteger();
        Cases.check(3000, gen -> {
            String raw = gen.joined(40, TOKENS);
            String rebuilt;
            try {
                rebuilt = PathNormalizer.rebuild(raw);
            } catch (IllegalArgumentException e) {
                assertThat(PathNormalizer.isNormal(raw)).as("raw %s", raw).isFalse();
                return;
            }
            assertThat(PathNormalizer.normalize(raw)).as("raw %s", raw).isEqualTo(rebuilt);
            if (PathNormalizer.isNormal(raw)) {
                shortcut.incrementAndGet();
                assertThat(rebuilt).as("raw %s", raw).isEqualTo(raw);
            }
            assertThat(PathNormalizer.isNormal(rebuilt)).as("normal form %s of %s", rebuilt, raw)
                    .isEqualTo(!rebuilt.contains("%"));
        });
        assertThat(shortcut.get()).isPositive();
        for (String hostile : new String[] {"/a/.", "/a/..", "/./a", "/../a", "/a//b", "/a/", "//", "/a\\b", "/a;b",
                "/a%2e", "/a?b", "/a#b", "/a\u0000", "/a\u0085", "a/b", ""}) {
            assertThat(PathNormalizer.isNormal(hostile)).as(hostile).isFalse();
        }
        assertThat(PathNormalizer.isNormal("/.../a.b/..c/.d")).isTrue();
    }
}
