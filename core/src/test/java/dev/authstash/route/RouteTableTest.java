package dev.authstash.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {
    /** Declared least specific first, so any precedence comes from the rules and not from declaration order. */
    private static final RouteTable<String> TABLE = RouteTable.<String>builder()
            .add("/**", "all")
            .add("/email-otp/**", "otp-any")
            .add("/email-otp/*", "otp-one")
            .add("/email-otp/send-*", "otp-send")
            .add("/email-otp/send-verification", "otp-exact")
            .add("/*/email", "star-email")
            .add("/sign-in/*", "sign-in-star")
            .add("/sign-in/email", "sign-in-email")
            .add("/a/*/c", "a-star-c")
            .add("/a/b/*", "a-b-star")
            .add("/x/*-*", "x-two-stars")
            .add("/x/*", "x-one-star")
            .build();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/sign-in/email, sign-in-email",       // exact beats every glob
        "/sign-in/social, sign-in-star",
        "/sign-in/email/x, all",
        "/sign-up/email, star-email",
        "/email-otp/send-verification, otp-exact",
        "/email-otp/send-code, otp-send",      // longer literal text beats bare '*'
        "/email-otp/verify, otp-one",          // fewer '**' wins
        "/email-otp, otp-any",                 // '**' matches zero segments
        "/email-otp/a/b, otp-any",
        "/a/b/c, a-star-c",                    // equal specificity: declared first wins
        "/x/p-q, x-one-star",                  // fewer '*' wins
        "/, all",
        "/anything/else/here, all",
    })
    void precedence(String path, String expected) {
        assertThat(TABLE.match(path)).contains(expected);
    }

    @Test
    void declarationOrderBreaksTies() {
        RouteTable<String> firstWins = RouteTable.<String>builder()
                .add("/a/*/c", "first").add("/a/b/*", "second").build();
        RouteTable<String> reversed = RouteTable.<String>builder()
                .add("/a/b/*", "first").add("/a/*/c", "second").build();
        assertThat(firstWins.match("/a/b/c")).contains("first");
        assertThat(reversed.match("/a/b/c")).contains("first");
    }

    @Test
    void emptyWhenNothingMatches() {
        RouteTable<String> table = RouteTable.<String>builder().add("/sign-in/*", "s").add("/reset", "r").build();
        assertThat(table.match("/sign-in")).isEmpty();
        assertThat(table.match("/reset/x")).isEmpty();
        assertThat(RouteTable.<String>builder().build().match("/")).isEqualTo(Optional.empty());
    }

    @Test
    void rejectsDuplicatesInvalidGlobsAndNullValues() {
        RouteTable.Builder<String> builder = RouteTable.<String>builder().add("/a/*", "x").add("/b", "y");
        assertThatThrownBy(() -> builder.add("/a/*", "z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("route glob \"/a/*\" is declared twice");
        assertThatThrownBy(() -> builder.add("/b", "z")).hasMessage("route glob \"/b\" is declared twice");
        assertThatThrownBy(() -> builder.add("/a**", "z")).hasMessageContaining("\"/a**\"");
        assertThatThrownBy(() -> builder.add("/c", null)).hasMessage("route glob \"/c\" has a null value");
    }

    @Test
    void hundredRulesEachResolveToTheirOwnValue() {
        RouteTable.Builder<Integer> builder = RouteTable.builder();
        for (int i = 0; i < 50; i++) {
            builder.add("/exact/" + i, i);
            builder.add("/glob/" + i + "/*", 100 + i);
        }
        builder.add("/glob/**", -1);
        RouteTable<Integer> table = builder.build();
        for (int i = 0; i < 50; i++) {
            assertThat(table.match("/exact/" + i)).contains(i);
            assertThat(table.match("/glob/" + i + "/x")).contains(100 + i);
            assertThat(table.match("/glob/" + i + "/x/y")).contains(-1);
        }
        assertThat(table.match("/exact/50")).isEmpty();
    }

    @Test
    void isIsolatedFromLaterBuilderChanges() {
        RouteTable.Builder<String> builder = RouteTable.<String>builder().add("/a", "a");
        RouteTable<String> table = builder.build();
        builder.add("/b", "b");
        assertThat(table.match("/b")).isEmpty();
    }
}
