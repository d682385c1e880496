package dev.authstash.servlet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import jakarta.servlet.FilterRegistration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AuthstashInitializer}: a WAR with an empty {@code web.xml} and {@code authstash.json} is limited, on Jetty
 * and on Tomcat; async servlets behind the registered filters work; no duplicates beside web.xml; opt-out.
 */
class NoXmlDeploymentTest {

    private static Containers deploy(String container, Path war) throws Exception {
        return "tomcat".equals(container) ? Containers.tomcat(war) : Containers.jetty(war);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void emptyWebXmlWithAConfigIsLimitedAndAsyncServletsWork(String container) throws Exception {
        try (Containers c = deploy(container, TestWar.create(null, TestWar.CONFIG))) {
            for (int i = 0; i < 2; i++) {
                given().post(c.base() + "/api/auth/sign-in").then().statusCode(200).body(equalTo("async ok"))
                        .header("RateLimit-Policy", "\"/sign-in\";q=2;w=60");
            }
            given().post(c.base() + "/api/auth/sign-in").then().statusCode(429)
                    .body("message", equalTo("Too many requests. Please try again later."));
            assertThat(authstashFilters(c)).containsExactlyInAnyOrder(
                    RateLimitFilter.class.getName(), SessionFilter.class.getName());
            assertThat(AuthstashListener.get(c.servletContext())).isNotNull()
                    .isSameAs(AuthstashListener.require(c.servletContext()));
            c.servletContext().getFilterRegistrations().values().stream()
                    .filter(r -> r.getClassName().startsWith("dev.authstash"))
                    .forEach(r -> assertThat(r.getUrlPatternMappings()).containsExactly("/*"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void withoutAConfigNothingIsRegistered(String container) throws Exception {
        try (Containers c = deploy(container, TestWar.create(null, null))) {
            given().post(c.base() + "/api/auth/sign-in").then().statusCode(200)
                    .header("RateLimit-Policy", (String) null);
            assertThat(authstashFilters(c)).isEmpty();
            assertThat(AuthstashListener.get(c.servletContext())).isNull();
            assertThatThrownBy(() -> AuthstashListener.require(c.servletContext()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("no Authstash in context attribute dev.authstash.Authstash: register ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void contextParamOptsOut(String container) throws Exception {
        String optOut = """
                <context-param><param-name>authstash.autoRegister</param-name><param-value>false</param-value></context-param>""";
        try (Containers c = deploy(container, TestWar.create(optOut, TestWar.CONFIG))) {
            for (int i = 0; i < 3; i++) {
                given().post(c.base() + "/api/auth/sign-in").then().statusCode(200);
            }
            assertThat(authstashFilters(c)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void filtersDeclaredInWebXmlAreNotAddedTwice(String container) throws Exception {
        String declared = """
                <listener><listener-class>dev.authstash.servlet.AuthstashListener</listener-class></listener>
                <filter><filter-name>my-limit</filter-name>
                  <filter-class>dev.authstash.servlet.RateLimitFilter</filter-class>
                  <async-supported>true</async-supported></filter>
                <filter-mapping><filter-name>my-limit</filter-name><url-pattern>/*</url-pattern></filter-mapping>""";
        try (Containers c = deploy(container, TestWar.create(declared, TestWar.CONFIG))) {
            assertThat(authstashFilters(c)).containsExactlyInAnyOrder(
                    RateLimitFilter.class.getName(), SessionFilter.class.getName());
            assertThat(c.servletContext().getFilterRegistration("my-limit")).isNotNull();
            for (int i = 0; i < 2; i++) {
                given().post(c.base() + "/api/auth/sign-in").then().statusCode(200);
            }
            given().post(c.base() + "/api/auth/sign-in").then().statusCode(429);
        }
    }

    private static List<String> authstashFilters(Containers c) {
        return c.servletContext().getFilterRegistrations().values().stream().map(FilterRegistration::getClassName)
                .filter(n -> n.startsWith("dev.authstash")).toList();
    }
}
