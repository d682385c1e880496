package dev.authstash.web;

import java.util.List;
import java.util.Objects;

/**
 * The diagnostic's answer ({@link RequestGate#diagnose}): 200 with the JSON report, 404 to everyone it does not
 * answer, 429 past its own limit. Always {@code application/json}, {@code Cache-Control: no-store}.
 *
 * @param status  200, 404 or 429
 * @param headers to set on the response, in order
 * @param body    the JSON body
 */
public record Diagnosis(int status, List<Header> headers, String body) {
    public Diagnosis {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
