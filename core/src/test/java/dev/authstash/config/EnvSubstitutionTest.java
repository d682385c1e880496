package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private static final Function<String, String> ENV =
            Map.of("BASE", "/api/auth", "PREFIX", "app", "EMPTY", "")::get;

    private static String prefix(String value) {
        return ConfigLoader.parse("{\"secondaryStorage\":{\"keyPrefix\":\"" + value + "\"}}", ENV)
                .secondaryStorage().keyPrefix();
    }

    @Test
    void setVariableIsSubstituted() {
        assertThat(ConfigLoader.parse("{\"basePath\":\"${BASE}\"}", ENV).basePath()).isEqualTo("/api/auth");
        assertThat(prefix("${PREFIX}.session_${PREFIX}")).isEqualTo("app.session_app");
    }

    @Test
    void unsetVariableTakesItsDefault() {
        assertThat(prefix("${NOT_SET:-sid}")).isEqualTo("sid");
        assertThat(ConfigLoader.parse("{\"basePath\":\"${NOT_SET:-}\"}", ENV).basePath()).isEmpty();
    }

    @Test
    void setVariableWinsOverItsDefault() {
        assertThat(prefix("${PREFIX:-other}")).isEqualTo("app");
    }

    @Test
    void emptyVariableTakesItsDefaultAsInAShell() {
        assertThat(prefix("${EMPTY:-sid}")).isEqualTo("sid");
    }

    @Test
    void unsetVariableWithoutDefaultIsAnErrorNamingPathAndVariable() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"secondaryStorage\":{\"url\":\"${REDIS_URL}\"}}", ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("secondaryStorage.url: environment variable REDIS_URL is not set and has no default "
                        + "(write ${REDIS_URL:-value} for one), got \"${REDIS_URL}\"");
    }

    @Test
    void errorPathCoversArrayElements() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"secondaryStorage\":{\"clusterNodes\":[\"a:1\",\"${NODE}\"]}}", ENV))
                .hasMessageStartingWith("secondaryStorage.clusterNodes[1]: environment variable NODE is not set");
    }

    @Test
    void doubleDollarEscapesALiteral() {
        assertThat(prefix("$${PREFIX}")).isEqualTo("${PREFIX}");
        assertThat(prefix("a$${PREFIX}-${PREFIX}")).isEqualTo("a${PREFIX}-app");
    }

    @Test
    void substitutedTextIsNotScannedAgain() {
        assertThat(prefix("${NOT_SET:-$x}")).isEqualTo("$x");
        Function<String, String> env = Map.of("A", "${B}", "B", "no")::get;
        assertThat(ConfigLoader.parse("{\"secondaryStorage\":{\"keyPrefix\":\"${A}\"}}", env)
                .secondaryStorage().keyPrefix()).isEqualTo("${B}");
    }

    @Test
    void onlyStringValuesAreSubstitutedNeverKeysOrNumbers() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"${KEY:-basePath}\":\"/a\"}", ENV))
                .hasMessage("\"${KEY:-basePath}\": unknown key; expected one of \"$schema\", \"basePath\", \"secondaryStorage\", "
                        + "\"rateLimit\", \"advanced\", \"session\", \"emailOTP\", \"emailAndPassword\", \"emailVerification\", "
                        + "\"baseURL\", \"trustedOrigins\", \"secret\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"rateLimit\":{\"window\":\"${W:-60}\"}}", ENV))
                .hasMessage("rateLimit.window: expected an integer (seconds), got \"60\"");
    }

    @Test
    void unterminatedOrInvalidReferenceIsAnError() {
        assertThatThrownBy(() -> prefix("${PREFIX"))
                .hasMessage("secondaryStorage.keyPrefix: expected ${VAR} or ${VAR:-default} (write $${ for a literal ${), "
                        + "got \"${PREFIX\"");
        assertThatThrownBy(() -> prefix("${1X}"))
                .hasMessage("secondaryStorage.keyPrefix: expected an environment variable name [A-Za-z_][A-Za-z0-9_]* "
                        + "inside ${…}, got \"1X\"");
    }

    @Test
    void systemEnvironmentIsTheDefault() {
        assertThat(System.getenv("PATH")).isNotNull();
        assertThat(ConfigLoader.load("classpath:config/env-path.json").secondaryStorage().keyPrefix())
                .isEqualTo(System.getenv("PATH"));
    }
}
