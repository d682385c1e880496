package dev.authstash.spring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Issue 20 §2: nothing rewrites the peer address under authstash. Each setting that makes {@code getRemoteAddr()}
 * client-chosen stops the app on its real embedded Tomcat with a message naming the property and the authstash
 * setting to use; {@code none} starts, and a forged X-Forwarded-For stays in the peer's bucket.
 */
class ForwardedHeadersStrategyTest {
    private static final String INSTEAD = "Set server.forward-headers-strategy=none and list the addresses of your"
            + " proxies in authstash.advanced.ip-address.trusted-proxies (and the header they set in"
            + " authstash.advanced.ip-address.ip-address-headers): authstash then reads the forwarded header only from"
            + " those peers.";

    private static SpringApplicationBuilder app(Class<?>... extra) {
        List<Class<?>> sources = new ArrayList<>(List.of(TestApp.class));
        sources.addAll(List.of(extra));
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).properties(
                "server.port=0", "spring.data.redis.url=" + SharedRedis.REDIS.url(),
                "authstash.secret=" + "f".repeat(32), "authstash.base-path=/api/auth",
                "authstash.rate-limit.custom-rules[/sign-in].window=60",
                "authstash.rate-limit.custom-rules[/sign-in].max=2",
                "authstash.secondary-storage.key-prefix=fwd-strategy:", "spring.main.banner-mode=off");
    }

    private static List<String> messages(Throwable failure) {
        List<String> out = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.add(t.getMessage());
        }
        return out;
    }

    private static void assertRefused(SpringApplicationBuilder builder, String message) {
        assertThatThrownBy(() -> builder.run().close())
                .satisfies(t -> assertThat(messages(t)).contains(message));
    }

    @Test
    void frameworkStrategyRefusesToStart() {
        assertRefused(app().properties("server.forward-headers-strategy=framework"),
                "authstash: server.forward-headers-strategy=framework installs Spring's ForwardedHeaderFilter, which"
                        + " takes the client address from X-Forwarded-For/Forwarded of every request, so any client"
                        + " chooses its own rate-limit bucket. " + INSTEAD);
    }

    @Test
    void nativeStrategyRefusesToStart() {
        assertRefused(app().properties("server.forward-headers-strategy=NATIVE"),
                "authstash: server.forward-headers-strategy=native lets the web server (Tomcat's RemoteIpValve,"
                        + " Jetty's ForwardedRequestCustomizer, Undertow's proxy-address forwarding) replace the peer"
                        + " address with X-Forwarded-For from any private-range peer, so a client chooses its own"
                        + " rate-limit bucket. " + INSTEAD);
    }

    @Test
    void kubernetesWithTheStrategyUnsetRefusesToStart() {
        assertRefused(app().properties("spring.main.cloud-platform=kubernetes"),
                "authstash: server.forward-headers-strategy is not set and Spring Boot detected the cloud platform"
                        + " KUBERNETES, so it enables native forwarded-header handling (Tomcat's RemoteIpValve trusting"
                        + " every private range), which lets a client choose its own rate-limit bucket. " + INSTEAD);
    }

    @Test
    void kubernetesWithStrategyNoneStarts() {
        try (ConfigurableApplicationContext context = app()
                .properties("spring.main.cloud-platform=kubernetes", "server.forward-headers-strategy=none").run()) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    private static final String BEAN_TAIL = ", which takes the"
            + " client address from X-Forwarded-For/Forwarded of every request, so any client chooses its own"
            + " rate-limit bucket. Remove it, keep server.forward-headers-strategy=none and list the addresses of your"
            + " proxies in authstash.advanced.ip-address.trusted-proxies (and the header they set in"
            + " authstash.advanced.ip-address.ip-address-headers): authstash then reads the forwarded header only from"
            + " those peers.";
    private static final String BEAN_MESSAGE = " is (or registers) Spring's ForwardedHeaderFilter" + BEAN_TAIL;

    /** Registered as a source, not scanned (no {@code @Configuration}), so other tests never see it. */
    static class OwnForwardedHeaderFilter {
        @Bean
        ForwardedHeaderFilter myForwardedHeaderFilter() {
            return new ForwardedHeaderFilter();
        }
    }

    static class RegisteredForwardedHeaderFilter {
        @Bean
        FilterRegistrationBean<?> forwardedRegistration() {
            return new FilterRegistrationBean<>(new ForwardedHeaderFilter() {});
        }
    }

    static class RegisteredRemoteIpFilter {
        @Bean
        FilterRegistrationBean<org.apache.catalina.filters.RemoteIpFilter> remoteIp() {
            return new FilterRegistrationBean<>(new org.apache.catalina.filters.RemoteIpFilter());
        }
    }

    @Test
    void aTomcatRemoteIpFilterRefusesToStart() {
        assertRefused(app(RegisteredRemoteIpFilter.class),
                "authstash: bean 'remoteIp' is (or registers) Tomcat's RemoteIpFilter" + BEAN_TAIL);
    }

    @Test
    void aForwardedHeaderFilterBeanRefusesToStart() {
        assertRefused(app(OwnForwardedHeaderFilter.class), "authstash: bean 'myForwardedHeaderFilter'" + BEAN_MESSAGE);
    }

    @Test
    void aFilterRegistrationOfAForwardedHeaderFilterRefusesToStart() {
        assertRefused(app(RegisteredForwardedHeaderFilter.class),
                "authstash: bean 'forwardedRegistration'" + BEAN_MESSAGE);
    }

    @Test
    void strategyNoneStartsAndAForgedForwardedForStaysInThePeersBucket() {
        try (ConfigurableApplicationContext context = app().properties("server.forward-headers-strategy=none").run()) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            for (int i = 0; i < 2; i++) {
                given().port(port).header("X-Forwarded-For", "198.51.100." + i).queryParam("user", "u")
                        .post("/api/auth/sign-in").then().statusCode(200);
            }
            given().port(port).header("X-Forwarded-For", "198.51.100.77").header("Forwarded", "for=198.51.100.78")
                    .header("X-Real-IP", "198.51.100.79").queryParam("user", "u")
                    .post("/api/auth/sign-in").then().statusCode(429);
        }
    }

    /** Issue 20 §1: the proxy doctor's finding is the authstash contributor's DEGRADED, not the application's DOWN. */
    @Test
    void forwardedHeadersFromAnUntrustedPeerMakeTheContributorDegradedButTheApplicationUp() {
        try (ConfigurableApplicationContext context = app().properties("server.forward-headers-strategy=none",
                "management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always",
                "authstash.secondary-storage.key-prefix=fwd-doctor:").run()) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            given().port(port).get("/actuator/health/authstash").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("UP"));
            for (int i = 0; i < 6; i++) {
                given().port(port).header("X-Forwarded-For", "198.51.100." + i).queryParam("user", "u")
                        .post("/api/auth/sign-in");
            }
            given().port(port).get("/actuator/health/authstash").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("DEGRADED"))
                    .body("details.clientAddress[0].cause", org.hamcrest.Matchers.equalTo("untrusted_peer"))
                    .body("details.clientAddress[0].peers", org.hamcrest.Matchers.hasItem("127.0.0.1"))
                    .body("details.clientAddress[0].message", org.hamcrest.Matchers.containsString(
                            "authstash.advanced.ip-address.trusted-proxies=127.0.0.1"));
            given().port(port).get("/actuator/health").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("UP"));
        }
    }
}
