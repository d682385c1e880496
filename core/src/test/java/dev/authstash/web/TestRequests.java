package dev.authstash.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Requests and their details (headers, body) as an adapter would hand them to the gate. */
final class TestRequests {
    private TestRequests() {}

    static RequestInfo post(String path, String ip) {
        return new RequestInfo("POST", path, ip, List.of(), List.of());
    }

    static RequestDetails json(String body, String... headers) {
        return details(body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    /** @param headers name, value, name, value… */
    static RequestDetails details(byte[] body, String contentType, String... headers) {
        Map<String, String> map = new TreeMap<>();
        if (contentType != null) {
            map.put("content-type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return new RequestDetails() {
            private boolean read;

            @Override
            public String header(String name) {
                return map.get(name.toLowerCase(Locale.ROOT));
            }

            @Override
            public byte[] body(int maxBytes) {
                if (read) {
                    throw new AssertionError("the body was read twice");
                }
                read = true;
                return body == null || body.length > maxBytes ? null : body;
            }
        };
    }
}
