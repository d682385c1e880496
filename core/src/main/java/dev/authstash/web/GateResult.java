package dev.authstash.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an adapter does with a request: proceed (adding {@code headers} to the eventual response) or answer now
 * with {@code status}, {@code headers} and a JSON {@code body}.
 *
 * @param status  0 to proceed, else the HTTP status to answer with
 * @param headers response headers in order, never null
 * @param body    JSON body ({@code application/json}) when answering, else null
 */
public record GateResult(int status, Map<String, String> headers, String body) {
    /** Proceed, adding nothing. */
    public static final GateResult PROCEED = new GateResult(0, Map.of(), null);

    /** Content type of every body. */
    public static final String CONTENT_TYPE = "application/json";

    public GateResult {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
    }

    /** Whether the request may proceed. */
    public boolean proceed() {
        return status == 0;
    }
}
