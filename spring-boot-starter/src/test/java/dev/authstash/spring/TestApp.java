package dev.authstash.spring;

import dev.authstash.Authstash;
import dev.authstash.session.CreatedSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot app with only the starter: sign-in creates a session, /api/me needs one, /api/async is async. */
@SpringBootApplication
public class TestApp {

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

        @GetMapping("/api/me")
        Map<String, String> me(HttpServletRequest request) {
            return Map.of("user", request.getRemoteUser());
        }

        @GetMapping("/api/auth/async")
        Callable<Map<String, String>> async() {
            return () -> Map.of("async", "done");
        }
    }
}
