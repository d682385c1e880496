package dev.authstash.starter.contract;

import dev.authstash.Authstash;
import dev.authstash.servlet.ServletSessions;
import dev.authstash.servlet.SessionFilter;
import dev.authstash.session.Session;
import dev.authstash.testkit.AdapterContract;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The adapter contract on the Spring Boot starter: a Boot app on its embedded Tomcat, with Spring Security (open)
 * behind authstash's filters; the test's {@link Authstash} is the app's bean (the starter then uses it). In a package of
 * its own, so that the other tests' {@code @SpringBootApplication} (package {@code dev.authstash.spring}) does not scan it.
 */
class StarterContractTest extends AdapterContract {
    @Override
    protected Served serve(Authstash authstash) {
        SpringApplication app = new SpringApplication(ContractApp.class);
        app.addInitializers(context -> ((GenericApplicationContext) context).registerBean(Authstash.class,
                () -> authstash, definition -> definition.setDestroyMethodName(""))); // the contract closes it
        ConfigurableApplicationContext context = app.run("--server.port=0", "--server.address=127.0.0.1",
                "--server.servlet.context-path=" + CONTEXT, "--spring.main.banner-mode=off");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new Served() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }

    /** No component scan: only the contract's endpoint and an open security chain. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ContractEndpoint.class)
    static class ContractApp {
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).csrf(c -> c.disable()).build();
        }
    }

    /** The contract's application; Spring Security wraps the request after authstash, so the user is read from the attribute. */
    @RestController
    static class ContractEndpoint {
        @RequestMapping("/**")
        ResponseEntity<String> any(HttpServletRequest request, HttpServletResponse response) {
            String signIn = request.getHeader(SIGN_IN_HEADER);
            if (signIn != null) {
                ServletSessions.signIn(request, response, signIn);
                return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("signed-in");
            }
            String answer = request.getHeader(ANSWER_HEADER);
            Object session = request.getAttribute(SessionFilter.SESSION_ATTRIBUTE);
            String user = session instanceof Session s ? s.userId() : "anonymous";
            return ResponseEntity.status(answer == null ? 200 : Integer.parseInt(answer))
                    .contentType(MediaType.TEXT_PLAIN).body("user=" + user);
        }
    }
}
