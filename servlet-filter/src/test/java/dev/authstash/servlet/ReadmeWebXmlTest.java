package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Quick start {@code web.xml} of the repository README, copied verbatim into a WAR in front of an async
 * servlet: every filter it declares must be async-supported, or the container answers 500.
 */
class ReadmeWebXmlTest {

    static String readmeSnippet() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String quickStart = readme.substring(readme.indexOf("## Quick start"));
        Matcher m = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(quickStart);
        assertThat(m.find()).as("an xml block in the README's Quick start").isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void readmeSnippetServesAnAsyncServletAndLimits(String container) throws Exception {
        String snippet = readmeSnippet();
        assertThat(snippet).contains("dev.authstash.servlet.RateLimitFilter", "dev.authstash.servlet.SessionFilter");
        Path war = TestWar.create(snippet, TestWar.CONFIG);
        try (Containers c = "tomcat".equals(container) ? Containers.tomcat(war) : Containers.jetty(war)) {
            for (int i = 0; i < 2; i++) {
                given().post(c.base() + "/api/auth/sign-in").then().statusCode(200).body(equalTo("async ok"));
            }
            given().post(c.base() + "/api/auth/sign-in").then().statusCode(429);
        }
    }
}
