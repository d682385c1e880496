package dev.authstash.starter.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.spring.security.AuthstashAuthentication;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The starter's Spring Security bridge on the real embedded Tomcat with real Redis and a real Spring Security 7
 * chain (form login, logout, HTTP Basic, method security), configured as its documentation shows: an authstash
 * session is the request's {@code Authentication}, a form login creates one, logout revokes it, and failed form
 * logins (302 to {@code /login?error}) are counted by failures-only rules: per client address, and per account on
 * the {@code username} parameter Spring Security reads ({@code param:username}) — {@code security-bridge.json}. In a package of its own, so that the
 * other tests' component scan does not find it.
 */
class SpringSecurityBridgeTest {
    private static RedisProcess redis;
    private static ConfigurableApplicationContext context;
    private static int port;
    private static int clients;

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        context = new SpringApplication(SecurityApp.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--authstash.config-location=classpath:security-bridge.json",
                "--AUTHSTASH_TEST_REDIS=" + redis.url(), "--AUTHSTASH_TEST_SECRET=" + "s".repeat(32));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        context.close();
        redis.close();
    }

    /** A browser of its own address (the test's proxy, 127.0.0.1, is trusted), on the app's own origin. */
    private static RequestSpecification client() {
        return given().port(port).header("X-Forwarded-For", "198.51.100." + (++clients))
                .header("Origin", "http://localhost:" + port).redirects().follow(false);
    }

    private static Response login(RequestSpecification client, String user, String password) {
        return client.contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("username", user)
                .formParam("password", password).post("/login");
    }

    private static String sessionCookie(Response r) {
        return r.getCookie("authstash.session_token");
    }

    @Test
    void aFormLoginCreatesAnAuthstashSessionThatSpringSecurityAuthenticates() {
        Response login = login(client(), "bo", "right");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.header("Location")).endsWith("/");
        String token = sessionCookie(login);
        assertThat(token).as("the session cookie of an authstash session").isNotBlank();
        assertThat(login.getCookie("JSESSIONID")).as("no HTTP session").isNull();
        assertThat(context.getBean(Authstash.class).sessions().find(token)).get()
                .satisfies(s -> assertThat(s.userId()).isEqualTo("bo"));

        Response me = client().cookie("authstash.session_token", token).get("/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.jsonPath().getString("name")).isEqualTo("bo");
        assertThat(me.jsonPath().getString("type")).isEqualTo(AuthstashAuthentication.class.getSimpleName());
        assertThat(me.jsonPath().getList("authorities")).as("the login's authorities, kept with the session")
                .containsExactly("FACTOR_PASSWORD", "ROLE_USER");
        assertThat(client().cookie("authstash.session_token", token).get("/admin").statusCode())
                .as("method security sees the authorities").isEqualTo(403);
        assertThat(client().get("/me").statusCode()).as("without the cookie: not authenticated").isIn(302, 401);
        assertThat(client().cookie("authstash.session_token", token + "x").get("/me").statusCode()).isIn(302, 401);

        String admin = sessionCookie(login(client(), "al", "secret"));
        assertThat(client().cookie("authstash.session_token", admin).get("/admin").statusCode()).isEqualTo(200);
    }

    @Test
    void logoutRevokesTheSessionAndANewLoginReplacesTheOldOne() {
        String first = sessionCookie(login(client(), "bo", "right"));
        Response again = login(client().cookie("authstash.session_token", first), "bo", "right");
        String second = sessionCookie(again);
        assertThat(second).isNotBlank().isNotEqualTo(first);
        Authstash authstash = context.getBean(Authstash.class);
        assertThat(authstash.sessions().find(first)).as("the session the login request carried").isEmpty();

        Response out = client().cookie("authstash.session_token", second).post("/logout");
        assertThat(out.statusCode()).as("Spring Security's logout success (204 for a non-HTML client)").isIn(204, 302);
        assertThat(out.headers().getValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("authstash.session_token=;").contains("Max-Age=0"));
        assertThat(authstash.sessions().find(second)).as("revoked in storage").isEmpty();
        assertThat(client().cookie("authstash.session_token", second).get("/me").statusCode()).isIn(302, 401);
    }

    private static RequestSpecification from(String address) {
        return given().port(port).header("X-Forwarded-For", address).redirects().follow(false);
    }

    @Test
    void failedFormLoginsAreCountedPerAddressAlthoughTheyAnswerARedirect() {
        String address = "203.0.113.77";
        for (int i = 0; i < 3; i++) { // three accounts: no account bucket fills
            Response wrong = login(from(address), "nobody" + i, "wrong");
            assertThat(wrong.statusCode()).isEqualTo(302);
            assertThat(wrong.header("Location")).endsWith("/login?error");
        }
        Response refused = login(from(address), "bo", "right");
        assertThat(refused.statusCode()).as("3 failed logins from one address: the 4th is refused").isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(sessionCookie(refused)).isNull();

        RequestSpecification other = client();
        for (int i = 0; i < 5; i++) { // successes are never counted
            assertThat(login(other, "bo", "right").statusCode()).isEqualTo(302);
        }
        Response ok = login(other, "bo", "right");
        assertThat(ok.header("Location")).endsWith("/");
        assertThat(sessionCookie(ok)).isNotBlank();
    }

    @Test
    void failedFormLoginsAreCountedPerAccountWhateverTheSpellingAndTheAddress() {
        String[] spellings = {"cy", " CY", "cy\u200b"};
        for (int i = 0; i < 3; i++) { // three addresses, three spellings Spring Security reads as (or near) one user
            Response wrong = login(from("192.0.2." + (10 + i)), spellings[i], "wrong");
            assertThat(wrong.header("Location")).endsWith("/login?error");
        }
        Response refused = login(from("192.0.2.99"), "cy", "right");
        assertThat(refused.statusCode()).as("3 failures at one account from 3 addresses: locked").isEqualTo(429);
        assertThat(refused.header("RateLimit-Policy")).contains("/login#2");
        assertThat(login(from("192.0.2.99"), "bo", "right").statusCode()).as("other accounts sign in").isEqualTo(302);
        Response noName = from("192.0.2.98").formParam("password", "x").post("/login");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body().asString()).isEqualTo("{\"message\":\"Invalid request: username is required\"}");
    }

    @Test
    void requestsWithTheirOwnCredentialsCreateNoSession() {
        Response basic = client().auth().preemptive().basic("bo", "right").get("/me");
        assertThat(basic.statusCode()).isEqualTo(200);
        assertThat(basic.jsonPath().getString("type")).isEqualTo("UsernamePasswordAuthenticationToken");
        assertThat(sessionCookie(basic)).as("HTTP Basic stays per request").isNull();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableMethodSecurity
    @Import(Endpoints.class)
    static class SecurityApp {
        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.requestMatchers("/login").permitAll().anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults()).httpBasic(Customizer.withDefaults())
                    .logout(Customizer.withDefaults()).csrf(c -> c.disable()).build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("bo").password("{noop}right").roles("USER").build(),
                    User.withUsername("al").password("{noop}secret").roles("USER", "ADMIN").build(),
                    User.withUsername("cy").password("{noop}right").roles("USER").build());
        }
    }

    @RestController
    static class Endpoints {
        @GetMapping("/me")
        Map<String, Object> me(Authentication auth) {
            assertThat(SecurityContextHolder.getContext().getAuthentication()).isSameAs(auth);
            return Map.of("name", auth.getName(), "type", auth.getClass().getSimpleName(), "authorities",
                    auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
        }

        @GetMapping("/admin")
        @PreAuthorize("hasRole('ADMIN')")
        List<String> admin() {
            return List.of("admin");
        }
    }
}
