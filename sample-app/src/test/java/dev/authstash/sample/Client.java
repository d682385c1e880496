package dev.authstash.sample;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** rest-assured calls against one running instance; tokens sent as {@code Authorization: Bearer}. */
final class Client {
    static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final String baseUri;
    private final String forwardedFor;

    Client(Running app) {
        this(app.url(), null);
    }

    private Client(String baseUri, String forwardedFor) {
        this.baseUri = baseUri;
        this.forwardedFor = forwardedFor;
    }

    /** The same instance, each request carrying {@code X-Forwarded-For: ip}. */
    Client forwardedFor(String ip) {
        return new Client(baseUri, ip);
    }

    static String newEmail() {
        return "user" + SEQ.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
    }

    RequestSpecification spec(String token) {
        RequestSpecification spec = given().baseUri(baseUri).urlEncodingEnabled(false);
        if (token != null) {
            spec = spec.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            spec = spec.header("X-Forwarded-For", forwardedFor);
        }
        return spec;
    }

    Response post(String path, Object body) {
        return post(path, body, null);
    }

    Response post(String path, Object body, String token) {
        RequestSpecification spec = spec(token).contentType(ContentType.JSON);
        return (body == null ? spec : spec.body(body)).post(path);
    }

    Response get(String path, String token) {
        return spec(token).get(path);
    }

    Response signUpRaw(String email, String password, String name) {
        return post("/api/auth/sign-up/email", Map.of("email", email, "password", password, "name", name));
    }

    /** Signs a new user up and returns the session token. */
    String signUp(String email) {
        Response r = signUpRaw(email, PASSWORD, "Ada");
        r.then().statusCode(200);
        return r.path("token");
    }

    Response signInRaw(String email, String password) {
        return post("/api/auth/sign-in/email", Map.of("email", email, "password", password));
    }

    String signIn(String email) {
        Response r = signInRaw(email, PASSWORD);
        r.then().statusCode(200);
        return r.path("token");
    }

    /** The {@code GET /dev/outbox} messages to {@code email}. */
    Response outbox(String email) {
        // straight from this machine: the outbox answers no request relayed through a proxy (X-Forwarded-For)
        return given().baseUri(baseUri).urlEncodingEnabled(false).queryParam("to", email).get("/dev/outbox");
    }
}
