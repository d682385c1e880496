package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Errors whose reason comes from the route, CIDR and Redis URL parsers, prefixed with the JSON path. */
class ConfigHelperErrorsTest {

    private static ConfigException error(String json) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(json, name -> null));
    }

    @Test
    void badGlob() {
        ConfigException e = error("{\"rateLimit\":{\"customRules\":{\"sign-in/email\":{\"window\":60,\"max\":5}}}}");
        assertThat(e.path()).isEqualTo("rateLimit.customRules.\"sign-in/email\"");
        assertThat(e.getMessage()).isEqualTo("rateLimit.customRules.\"sign-in/email\": "
                + "route glob \"sign-in/email\" must start with '/'");
    }

    @Test
    void badProtectedPathGlob() {
        ConfigException e = error("{\"session\":{\"protectedPaths\":[\"/account/**\",\"account\"]}}");
        assertThat(e.getMessage()).isEqualTo("session.protectedPaths[1]: route glob \"account\" must start with '/'");
    }

    @Test
    void badCidr() {
        ConfigException e = error("{\"advanced\":{\"ipAddress\":{\"trustedProxies\":[\"10.0.0.0/8\",\"10.0.0.0/33\"]}}}");
        assertThat(e.getMessage()).isEqualTo("advanced.ipAddress.trustedProxies[1]: expected an IP address or CIDR "
                + "such as 10.0.0.0/8 or 2001:db8::/32, got \"10.0.0.0/33\" (IPv4 prefix length must be 0..32)");
    }

    @Test
    void badRedisUrl() {
        ConfigException e = error("{\"secondaryStorage\":{\"url\":\"http://localhost:6379\"}}");
        assertThat(e.getMessage()).isEqualTo("secondaryStorage.url: expected redis://[user:password@]host[:port][/db] "
                + "or rediss://…, got \"http://localhost:6379\"");
    }

    @Test
    void badRedisUrlNeverShowsThePassword() {
        ConfigException e = error("{\"secondaryStorage\":{\"url\":\"redis://app:hunter2@cache:99999\"}}");
        assertThat(e.path()).isEqualTo("secondaryStorage.url");
        assertThat(e.getMessage()).doesNotContain("hunter2").contains("***");
    }
}
