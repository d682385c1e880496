package dev.authstash.spring;

import dev.authstash.Authstash;
import dev.authstash.session.CreatedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.authstash.servlet.SessionFilter;
import dev.authstash.session.Session;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot app with the starter and Spring Security: sign-in creates a session, /api/me needs one (authstash's
 * protected path), /api/auth/async is async, /api/auth/secured needs HTTP Basic (Spring Security).
 */
@SpringBootApplication
public class TestApp {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(a -> a.requestMatchers("/api/auth/secured").authenticated()
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults()).csrf(c -> c.disable()).build();
    }

    @RestController
    static class Endpoints {
        private final Authstash authstash;

        Endpoints(Authstash authstash) {
            this.authstash = authstash;
        }

        @PostMapping("/api/auth/sign-in")
        Map<String, String> signIn(@RequestParam("user") String user, HttpServletRequest request,
                                   HttpServletResponse response) {
            CreatedSession s = authstash.sessions().create(user, request.getRemoteAddr(),
                    request.getHeader("User-Agent"), null);
            response.addHeader("Set-Cookie", authstash.config().session().cookieName() + "=" + s.token()
                    + "; Path=/; HttpOnly");
            return Map.of("user", user);
        }

        /** Spring Security wraps the request after authstash, so its getRemoteUser() is Spring's: read the attribute. */
        @GetMapping("/api/me")
        Map<String, String> me(HttpServletRequest request) {
            Session session = (Session) request.getAttribute(SessionFilter.SESSION_ATTRIBUTE);
            return Map.of("user", session.userId());
        }

        @GetMapping("/api/auth/secured")
        Map<String, String> secured() {
            return Map.of("secured", "yes");
        }

        @GetMapping("/api/auth/async")
        Callable<Map<String, String>> async() {
            return () -> Map.of("async", "done");
        }
    }
}
