package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Header values choose a bucket only when the application's authenticator vouches for them. */
class HeaderKeysTest {
    private final HeaderKeys keys = HeaderKeys.of(Map.of("X-Api-Key", value -> switch (value) {
        case "good", "also-good" -> Optional.of("acct-1");
        case "boom" -> throw new IllegalStateException("directory down");
        case "empty" -> Optional.of("");
        default -> Optional.empty();
    }));

    @Test
    void vouchedValuesKeyOnThePrincipalNotTheValue() {
        assertThat(keys.key("x-api-key", " good ")).contains("header:x-api-key\nacct-1");
        assertThat(keys.key("X-API-KEY", "also-good")).isEqualTo(keys.key("x-api-key", "good"));
        assertThat(keys.has("X-Api-Key ")).isTrue();
    }

    @Test
    void everythingElseFallsBackToTheClientIp() {
        for (String value : new String[] {null, "", "  ", "forged", "boom", "empty"}) {
            assertThat(keys.key("X-Api-Key", value)).as(String.valueOf(value)).isEmpty();
        }
        assertThat(keys.key("X-Other", "good")).as("no authenticator for the header").isEmpty();
        assertThat(HeaderKeys.none().key("X-Api-Key", "good")).isEmpty();
        assertThat(HeaderKeys.none().has("X-Api-Key")).isFalse();
    }

    @Test
    void blankHeaderNamesAreRefused() {
        assertThatThrownBy(() -> HeaderKeys.of(Map.of(" ", v -> Optional.of(v))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("header name must not be blank");
    }
}
