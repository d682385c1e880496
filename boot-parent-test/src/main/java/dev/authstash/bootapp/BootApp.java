package dev.authstash.bootapp;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An existing Spring Boot app that adds authstash as the README says: the starter dependency and the YAML of
 * {@code application.yml}, no glue code. Its sign-in always answers 401 (wrong password).
 */
@SpringBootApplication
public class BootApp {
    public static void main(String[] args) {
        SpringApplication.run(BootApp.class, args);
    }

    /** The app's own auth endpoint, under authstash's base path. */
    @RestController
    static class SignIn {
        @PostMapping("/api/auth/sign-in/email")
        ResponseEntity<Map<String, String>> signIn() {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("message", "Invalid email or password"));
        }
    }
}
