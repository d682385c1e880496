package dev.authstash.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an adapter does with a request: proceed (adding {@code headers} to the eventual response) or answer now
 * with {@code status}, {@code headers} and a JSON {@code body}.
 *
 * @param status  {@link #PROCEED_STATUS} ({@code 0}, never an HTTP status) to proceed, else the HTTP status to
 *                answer with; test {@link #proceed()} rather than the number
 * @param headers response headers in order, never null
 * @param body    JSON body ({@code application/json}) when answering, else null
 */
public record GateResult(int status, Map<String, String> headers, String body) {
    /** The {@link #status()} of a result that lets the request proceed: {@code 0}, not an HTTP status. */
    public static final int PROCEED_STATUS = 0;

    /** Proceed, adding nothing. */
    public static final GateResult PROCEED = new GateResult(PROCEED_STATUS, Map.of(), null);

    /** Content type of every body. */
    public static final String CONTENT_TYPE = "application/json";

    public GateResult {
        headers = headers instanceof HeaderList ? headers // immutable and ordered already: no copy
                : Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
    }

    /** Proceed, adding {@code headers} to the eventual response. */
    public static GateResult proceed(Map<String, String> headers) {
        return new GateResult(PROCEED_STATUS, headers, null);
    }

    /** Whether the request may proceed ({@link #status()} is {@link #PROCEED_STATUS}); else answer it now. */
    public boolean proceed() {
        return status == PROCEED_STATUS;
    }
}
