package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {
    private static final RouteTable<String> TABLE = RouteTable.<String>builder()
            .add("/**", "global")
            .add("/sign-in/email", "sign-in-email")
            .build();

    @ParameterizedTest
    @ValueSource(strings = {
        "/sign-in/email",
        "/sign-in/email/",
        "//sign-in//email",
        "/sign-in//email///",
        "/sign-in/./email",
        "/./sign-in/email/.",
        "/sign-in/x/../email",
        "/a/b/../../sign-in/email",
        "/../sign-in/email",
        "/sign-in/email/x/..",
        "/sign-in/email;jsessionid=ABC",
        "/sign-in;x=1/email",
        "/sign-in/email;a;b/",
        "/sign-in/..;/sign-in/email",
        "/%73ign-in/email",
        "/sign-in/%65%6D%61%69%6C",
        "/sign-in/emai%6c;jsessionid=ABC/",
        "/sign-in%2Femail",
        "/sign-in%2femail",
        "/%2Fsign-in%2F%2Femail%2F",
        "\\sign-in\\email",
        "/sign-in\\email",
        "/sign-in%5Cemail",
        "/sign-in/%2E/email",
        "/sign-in/%2e%2e/sign-in/email",
        "/sign-in/email?redirect=/x",
        "/sign-in/email#top",
        "sign-in/email",
        "/x/%2e%2e%2fsign-in/./email;v=1/",
    })
    void everySpellingOfSignInEmailHitsItsRule(String spelling) {
        assertThat(PathNormalizer.normalize(spelling)).isEqualTo("/sign-in/email");
        assertThat(TABLE.match(PathNormalizer.normalize(spelling))).contains("sign-in-email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sign-in/emailx", "/sign-in", "/SIGN-IN/email", "/sign-in/email/x",
        "/sign-in/email%3B", "/sign-in/email%2E", "/sign-in/e%20mail"})
    void nearMissesDoNotHitTheRule(String path) {
        assertThat(TABLE.match(PathNormalizer.normalize(path))).contains("global");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|/", "/|/", "///|/", "/..|/", "/a/../..|/", "/a/b/c/../../d|/a/d",
        "/%25|/%25", "/%2525|/%2525", "/a%3Bb|/a%3Bb", "/a%3fb|/a%3Fb", "/a%23|/a%23",
        "/caf%C3%A9|/café", "/café|/café", "/Mixed/Case|/Mixed/Case", "/a%20b|/a b", "/a;b/c;d|/a/c",
        "/a?b;c|/a", "/%E2%82%AC|/€", "/...|/...", "/.a/..b|/.a/..b"})
    void normalizes(String raw, String expected) {
        assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a%|invalid percent-escape at \"%\"",
        "/a%2|invalid percent-escape at \"%2\"",
        "/a%zz/b|invalid percent-escape at \"%zz\"",
        "/%%41|invalid percent-escape",
        "/a%C3|not valid UTF-8",
        "/a%C3%28|not valid UTF-8",
        "/a%FF|not valid UTF-8",
        "/%E0%80%AF|not valid UTF-8",
        "/%ED%A0%80|not valid UTF-8",
        "/a%00b|control character U+0000",
        "/a%0Ab|control character U+000A",
        "/a%7F|control character U+007F",
    })
    void rejectsInvalidPaths(String raw, String message) {
        assertThatThrownBy(() -> PathNormalizer.normalize(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("request path");
    }

    @Test
    void rejectsRawControlCharsEvenInsideParams() {
        assertThatThrownBy(() -> PathNormalizer.normalize("/a\u0000b")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> PathNormalizer.normalize("/a;x=\u0001/b")).hasMessageContaining("U+0001");
        assertThatThrownBy(() -> PathNormalizer.normalize("/a\tb")).hasMessageContaining("U+0009")
                .hasMessageContaining("\"/a\\u0009b\"");
    }

    @Test
    void rejectsNonAsciiHexDigits() {
        assertThatThrownBy(() -> PathNormalizer.normalize("/a%\u0663\u0663")).hasMessageContaining("invalid percent-escape");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> PathNormalizer.normalize(null)).hasMessage("request path must not be null");
    }

    @Test
    void boundsTheLength() {
        String atLimit = "/" + "a".repeat(PathNormalizer.MAX_LENGTH - 1);
        assertThat(PathNormalizer.normalize(atLimit)).isEqualTo(atLimit);
        assertThatThrownBy(() -> PathNormalizer.normalize(atLimit + "a"))
                .hasMessage("request path is longer than 8192 characters (8193)");
        // without a leading slash the normalized form is one char longer than the raw one
        assertThatThrownBy(() -> PathNormalizer.normalize("a".repeat(PathNormalizer.MAX_LENGTH)))
                .hasMessage("normalized request path is longer than 8192 characters (8193)");
        // a long query string is cut before the length check
        assertThat(PathNormalizer.normalize("/a?" + "q".repeat(100_000))).isEqualTo("/a");
    }

    @Test
    void errorMessagesQuoteAtMostAHundredChars() {
        assertThatThrownBy(() -> PathNormalizer.normalize("/" + "x".repeat(500) + "%zz"))
                .hasMessageEndingWith("x".repeat(99) + "...\"")
                .hasMessageNotContaining("x".repeat(101));
    }

    @Test
    void withinCutsAPrefixInAnySpellingAndSaysWhenThePathIsOutside() {
        assertThat(PathNormalizer.within("/shop/api/auth/x", "/shop")).isEqualTo("/api/auth/x");
        assertThat(PathNormalizer.within("//sh%6Fp;v=1/./api/auth/x/", "/shop")).isEqualTo("/api/auth/x");
        assertThat(PathNormalizer.within("/shop", "/shop/")).isEqualTo("/");
        assertThat(PathNormalizer.within("/a/b", "/")).isEqualTo("/a/b");
        assertThat(PathNormalizer.within("/shop/api/../../shop/api/auth/x", "/shop")).isEqualTo("/api/auth/x");
        assertThat(PathNormalizer.within("/shopping/x", "/shop")).isNull();
        assertThat(PathNormalizer.within("/other/x", "/shop")).isNull();
        assertThatThrownBy(() -> PathNormalizer.within("/shop/%zz", "/shop")).isInstanceOf(IllegalArgumentException.class);
    }
}
