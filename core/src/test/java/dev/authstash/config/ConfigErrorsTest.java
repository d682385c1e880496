package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One test per class of configuration error; each asserts the whole message. */
class ConfigErrorsTest {
    private static final Function<String, String> NO_ENV = name -> null;

    private static ConfigException error(String json) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json, NO_ENV));
    }

    private static void assertError(String json, String path, String message) {
        ConfigException e = error(json);
        assertThat(e).as("no error for %s", json).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.path()).isEqualTo(path);
    }

    @Test
    void unknownKeyWithSuggestion() {
        assertError("{\"rateLimit\":{\"windw\":60}}", "rateLimit.windw",
                "rateLimit.windw: unknown key; did you mean \"window\"?");
        assertError("{\"secondary_storage\":{}}", "secondary_storage",
                "secondary_storage: unknown key; did you mean \"secondaryStorage\"?");
        assertError("{\"session\":{\"storeSessionsInDatabase\":true}}", "session.storeSessionsInDatabase",
                "session.storeSessionsInDatabase: unknown key; did you mean \"storeSessionInDatabase\"?");
    }

    @Test
    void unknownKeyFarFromAnyListsTheKnownKeys() {
        assertError("{\"advanced\":{\"ipAddress\":{\"headers\":[]}}}", "advanced.ipAddress.headers",
                "advanced.ipAddress.headers: unknown key; expected one of \"trustedProxies\", \"ipv6Subnet\", "
                        + "\"ipAddressHeaders\", \"disableIpTracking\"");
    }

    @Test
    void unknownKeyInACustomRuleIsQuotedInThePath() {
        assertError("{\"rateLimit\":{\"customRules\":{\"/sign-in/email\":{\"window\":60,\"max\":5,\"limit\":5}}}}",
                "rateLimit.customRules.\"/sign-in/email\".limit",
                "rateLimit.customRules.\"/sign-in/email\".limit: unknown key; expected one of \"window\", \"max\", "
                        + "\"algorithm\", \"key\", \"methods\", \"count\", \"deviceCookie\"");
    }

    @Test
    void wrongTypeIsNotCoerced() {
        assertError("{\"rateLimit\":{\"window\":\"60\"}}", "rateLimit.window",
                "rateLimit.window: expected an integer (seconds), got \"60\"");
        assertError("{\"rateLimit\":{\"enabled\":\"true\"}}", "rateLimit.enabled",
                "rateLimit.enabled: expected true or false, got \"true\"");
        assertError("{\"basePath\":null}", "basePath", "basePath: expected a string, got null");
        assertError("{\"session\":[]}", "session", "session: expected an object, got an empty array");
        assertError("{\"session\":{\"protectedPaths\":\"/a\"}}", "session.protectedPaths",
                "session.protectedPaths: expected an array of strings, got \"/a\"");
        assertError("{\"advanced\":{\"ipAddress\":{\"trustedProxies\":[\"10.0.0.1\", 7]}}}",
                "advanced.ipAddress.trustedProxies[1]",
                "advanced.ipAddress.trustedProxies[1]: expected a string, got 7");
    }

    @Test
    void numberWithFractionIsAnError() {
        assertError("{\"secondaryStorage\":{\"poolSize\":1.5}}", "secondaryStorage.poolSize",
                "secondaryStorage.poolSize: expected an integer, got 1.5");
        assertError("{\"secondaryStorage\":{\"connectTimeoutMillis\":50.0}}", "secondaryStorage.connectTimeoutMillis",
                "secondaryStorage.connectTimeoutMillis: expected an integer (milliseconds), got 50.0");
    }

    @Test
    void negativeWindow() {
        assertError("{\"rateLimit\":{\"window\":-5}}", "rateLimit.window",
                "rateLimit.window: must be a positive integer (seconds), got -5");
    }

    @Test
    void impossibleNumbers() {
        assertError("{\"rateLimit\":{\"customRules\":{\"/sign-in/email\":{\"window\":60,\"max\":-1}}}}",
                "rateLimit.customRules.\"/sign-in/email\".max",
                "rateLimit.customRules.\"/sign-in/email\".max: must be a positive integer, got -1");
        assertError("{\"advanced\":{\"ipAddress\":{\"ipv6Subnet\":129}}}", "advanced.ipAddress.ipv6Subnet",
                "advanced.ipAddress.ipv6Subnet: must be an integer from 1 to 128, got 129");
        assertError("{\"emailOTP\":{\"otpLength\":3}}", "emailOTP.otpLength",
                "emailOTP.otpLength: must be an integer from 4 to 10, got 3");
        assertError("{\"session\":{\"updateAge\":-1}}", "session.updateAge",
                "session.updateAge: must be a non-negative integer (seconds), got -1");
        assertError("{\"rateLimit\":{\"max\":99999999999999999999999}}", "rateLimit.max",
                "rateLimit.max: must be a positive integer, got 99999999999999999999999");
    }

    @Test
    void badEnumValueListsTheAllowedValues() {
        assertError("{\"rateLimit\":{\"storage\":\"database\"}}", "rateLimit.storage",
                "rateLimit.storage: expected one of \"secondary-storage\", \"memory\", got \"database\"");
        assertError("{\"rateLimit\":{\"algorithm\":\"leaky-bucket\"}}", "rateLimit.algorithm",
                "rateLimit.algorithm: expected one of \"fixed-window\", \"sliding-window\", \"token-bucket\", "
                        + "got \"leaky-bucket\"");
        assertError("{\"rateLimit\":{\"onStorageError\":\"ALLOW\"}}", "rateLimit.onStorageError",
                "rateLimit.onStorageError: expected one of \"local\", \"allow\", \"deny\", got \"ALLOW\"");
    }

    @Test
    void badStringValues() {
        assertError("{\"basePath\":\"/api/auth/\"}", "basePath",
                "basePath: expected \"\" or a path starting with \"/\" and not ending with \"/\", got \"/api/auth/\"");
        assertError("{\"session\":{\"tableName\":\"session; drop table x\"}}", "session.tableName",
                "session.tableName: expected a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 63 characters), "
                        + "got \"session; drop table x\"");
        assertError("{\"session\":{\"cookieName\":\"my session\"}}", "session.cookieName",
                "session.cookieName: expected a cookie name (letters, digits and !#$%&'*+-.^_`|~), got \"my session\"");
        assertError("{\"secondaryStorage\":{\"clusterNodes\":[\"10.0.0.1\"]}}", "secondaryStorage.clusterNodes[0]",
                "secondaryStorage.clusterNodes[0]: expected \"host:port\" with a port from 1 to 65535, got \"10.0.0.1\"");
    }

    @Test
    void longTableNameIsRejectedAt64Characters() {
        String ok = "t".repeat(63);
        assertThat(ConfigLoader.parse("{\"session\":{\"tableName\":\"" + ok + "\"}}", NO_ENV).session().tableName())
                .isEqualTo(ok);
        assertThat(error("{\"session\":{\"tableName\":\"" + ok + "t\"}}").path()).isEqualTo("session.tableName");
    }

    @Test
    void missingRequiredCustomRuleField() {
        assertError("{\"rateLimit\":{\"customRules\":{\"/sign-in/email\":{\"window\":60}}}}",
                "rateLimit.customRules.\"/sign-in/email\".max",
                "rateLimit.customRules.\"/sign-in/email\".max: expected an integer, required in a custom rule, got nothing");
        assertError("{\"rateLimit\":{\"customRules\":{\"/sign-in/email\":{\"max\":5}}}}",
                "rateLimit.customRules.\"/sign-in/email\".window",
                "rateLimit.customRules.\"/sign-in/email\".window: expected an integer (seconds), required in a custom "
                        + "rule, got nothing");
    }

    @Test
    void trueIsNotACustomRule() {
        assertError("{\"rateLimit\":{\"customRules\":{\"/health\":true}}}", "rateLimit.customRules.\"/health\"",
                "rateLimit.customRules.\"/health\": expected an object {window, max}, a non-empty array of them, or false,"
                        + " got true");
    }

    @Test
    void preserveWithoutStoreNamesBoth() {
        assertError("{\"session\":{\"preserveSessionInDatabase\":true}}", "session.preserveSessionInDatabase",
                "session.preserveSessionInDatabase: requires session.storeSessionInDatabase to be true, got false");
    }

    @Test
    void hostileKeysAndValuesAreShownEscapedAndShort() {
        ConfigException e = error("{\"rateLimit\":{\"a\\\"b\\n\":1}}");
        assertThat(e.path()).isEqualTo("rateLimit.\"a\\\"b\\u000a\"");
        String longValue = "x".repeat(10_000);
        assertThat(error("{\"basePath\":\"" + longValue + "\"}").getMessage()).hasSizeLessThan(250)
                .endsWith("… (10000 characters)");
    }

    @Test
    void deeplyNestedInputFailsCleanly() {
        String deep = "{\"advanced\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(error(deep).getMessage()).startsWith("malformed JSON: Document nesting depth (1001) exceeds the maximum allowed");
    }

    @Test
    void ruleKeysMethodsCountsAndClientListsNameThePathAndTheExpectedValue() {
        String rule = "{\"rateLimit\":{\"customRules\":{\"/sign-in/email\":%s}}}";
        assertError(rule.formatted("{\"window\":60,\"max\":5,\"key\":\"ip+email\"}"),
                "rateLimit.customRules.\"/sign-in/email\".key",
                "rateLimit.customRules.\"/sign-in/email\".key: expected ip, user, account, body:<field>, param:<name>, header:<name> or"
                        + " resolver:<name> (names of 1-64 letters, digits, '_', '.', '-'), got \"email\"");
        assertError(rule.formatted("[{\"window\":60,\"max\":5},{\"window\":60,\"max\":5,\"key\":\"ip+ip\"}]"),
                "rateLimit.customRules.\"/sign-in/email\"[1].key",
                "rateLimit.customRules.\"/sign-in/email\"[1].key: key part \"ip\" appears twice");
        assertError(rule.formatted("{\"window\":60,\"max\":5,\"methods\":[\"post\"]}"),
                "rateLimit.customRules.\"/sign-in/email\".methods[0]",
                "rateLimit.customRules.\"/sign-in/email\".methods[0]: expected an upper-case HTTP method such as"
                        + " \"POST\", got \"post\"");
        assertError(rule.formatted("{\"window\":60,\"max\":5,\"count\":\"errors\"}"),
                "rateLimit.customRules.\"/sign-in/email\".count",
                "rateLimit.customRules.\"/sign-in/email\".count: expected \"all\", \"failures\" or a non-empty"
                        + " array of HTTP statuses, got \"errors\"");
        assertError(rule.formatted("{\"window\":60,\"max\":5,\"count\":[401,600]}"),
                "rateLimit.customRules.\"/sign-in/email\".count[1]",
                "rateLimit.customRules.\"/sign-in/email\".count[1]: must be an integer from 100 to 599, got 600");
        assertError(rule.formatted("{\"window\":60,\"max\":5,\"count\":\"failures\",\"algorithm\":\"token-bucket\"}"),
                "rateLimit.customRules.\"/sign-in/email\".count",
                "rateLimit.customRules.\"/sign-in/email\".count: counting only some answers needs \"algorithm\":"
                        + " \"fixed-window\", got \"token-bucket\"");
        assertError(rule.formatted("[]"), "rateLimit.customRules.\"/sign-in/email\"",
                "rateLimit.customRules.\"/sign-in/email\": expected an object {window, max}, a non-empty array of"
                        + " them, or false, got an empty array");
        assertThat(error("{\"rateLimit\":{\"deny\":[\"10.0.0.0/33\"]}}").path()).isEqualTo("rateLimit.deny[0]");
        assertThat(error("{\"rateLimit\":{\"allow\":\"10.0.0.0/8\"}}").getMessage())
                .isEqualTo("rateLimit.allow: expected an array of strings, got \"10.0.0.0/8\"");
    }
}
