package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteGlobTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "/sign-in/email|/sign-in/email|true",
        "/sign-in/email|/sign-in/emailx|false",
        "/sign-in/email|/sign-in|false",
        "/sign-in/email|/Sign-in/email|false",
        "/|/|true",
        "/|/a|false",
        "/email-otp/*|/email-otp/send|true",
        "/email-otp/*|/email-otp|false",
        "/email-otp/*|/email-otp/send/x|false",
        "/*|/a|true",
        "/*|/|false",
        "/*/b|/a/b|true",
        "/*/b|/b|false",
        "/email-otp/send-*|/email-otp/send-code|true",
        "/email-otp/send-*|/email-otp/send-|true",
        "/email-otp/send-*|/email-otp/sen|false",
        "/email-otp/send-*|/email-otp/send-code/x|false",
        "/a/*-*.json|/a/x-y.json|true",
        "/a/*-*.json|/a/x-y.jsonx|false",
        "/a/*x|/a/xxx|true",
        "/a/*ab*ab|/a/ababab|true",
        "/**|/|true",
        "/**|/a/b/c|true",
        "/api/**|/api|true",
        "/api/**|/api/a/b|true",
        "/api/**|/apix|false",
        "/api/**|/other/api|false",
        "/**/reset|/reset|true",
        "/**/reset|/a/b/reset|true",
        "/**/reset|/a/reset/x|false",
        "/a/**/b/**/c|/a/b/c|true",
        "/a/**/b/**/c|/a/x/b/y/z/c|true",
        "/a/**/b/**/c|/a/x/c/b|false",
        "/a/**/*|/a|false",
        "/a/**/*|/a/b|true",
        "/a/**/*|/a/b/c/d|true",
        "/**/x/*|/p/x/y/x/z|true",
        "/**/x/*|/p/x/y/x|false",
        "/café/*|/café/x|true",
    })
    void matches(String glob, String path, boolean expected) {
        assertThat(RouteGlob.compile(glob).matches(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "sign-in/email|must start with '/'",
        "``|must start with '/'",
        "/a//b|must not contain an empty segment ('//')",
        "/a/|must not end with '/'",
        "/a**|'**' must be a whole segment, found \"a**\"",
        "/**a/b|'**' must be a whole segment, found \"**a\"",
        "/a/***|'***' is not a wildcard",
        "/a b|must not contain whitespace or control characters (U+0020)",
        "/a?b|must not contain '?' (globs match decoded, normalized paths)",
        "/a#b|must not contain '#'",
        "/a;b|must not contain ';'",
        "/a%20b|must not contain '%'",
        "/a\\b|must not contain '\\'",
        "/a/../b|must not contain '.' or '..' segments",
        "/./b|must not contain '.' or '..' segments",
    })
    void rejectsInvalidGlobsQuotingThem(String glob, String problem) {
        assertThatThrownBy(() -> RouteGlob.compile(glob))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("route glob \"" + glob + "\" " + problem);
    }

    @Test
    void rejectsControlCharsAndNull() {
        assertThatThrownBy(() -> RouteGlob.compile("/a\tb")).hasMessageContaining("U+0009");
        assertThatThrownBy(() -> RouteGlob.compile("/a\u0000")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> RouteGlob.compile(null)).hasMessage("route glob must not be null");
    }

    @Test
    void exactGlobsHaveNoWildcard() {
        assertThat(RouteGlob.compile("/sign-in/email").isExact()).isTrue();
        assertThat(RouteGlob.compile("/").isExact()).isTrue();
        assertThat(RouteGlob.compile("/a/*").isExact()).isFalse();
        assertThat(RouteGlob.compile("/a/b-*").isExact()).isFalse();
        assertThat(RouteGlob.compile("/**").isExact()).isFalse();
    }

    @Test
    void specificityCountsSegmentsWildcardsAndLiteralChars() {
        assertThat(RouteGlob.compile("/email-otp/send-*/**").specificity())
                .isEqualTo(new RouteGlob.Specificity(1, 1, 1, 14));
    }

    @ParameterizedTest(name = "{0} more specific than {1}")
    @CsvSource(delimiter = '|', value = {
        "/a/b/*|/a/*/*",            // more literal segments
        "/a/b/**|/a/*",             // literal segments before wildcards
        "/a/*/*|/a/**",             // fewer '**'
        "/a/*|/a/**",
        "/a/x-*|/a/*-*",            // fewer '*'
        "/a/send-*|/a/*",           // longer literal text
        "/a/*/c|/a/**/c",
    })
    void specificityOrder(String moreSpecific, String lessSpecific) {
        assertThat(RouteGlob.compile(moreSpecific).specificity())
                .isGreaterThan(RouteGlob.compile(lessSpecific).specificity());
        assertThat(RouteGlob.compile(lessSpecific).specificity())
                .isLessThan(RouteGlob.compile(moreSpecific).specificity());
    }
}
