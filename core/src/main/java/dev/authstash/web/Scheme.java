package dev.authstash.web;

import dev.authstash.client.ClientIpResolver;
import java.util.Locale;

/** Whether a request is HTTPS: directly, or by {@code X-Forwarded-Proto} from a trusted proxy. */
final class Scheme {
    private final ClientIpResolver clientIps;

    Scheme(ClientIpResolver clientIps) {
        this.clientIps = clientIps;
    }

    boolean https(RequestInfo r) {
        if (r.secure()) {
            return true;
        }
        String proto = r.header("X-Forwarded-Proto");
        if (proto == null || !clientIps.isTrustedProxy(r.remoteAddr())) {
            return false;
        }
        int comma = proto.indexOf(',');
        return (comma < 0 ? proto : proto.substring(0, comma)).trim().equalsIgnoreCase("https");
    }

    /** The request's own origin from its scheme and {@code Host} header, or null without a usable Host. */
    String selfOrigin(RequestInfo r) {
        String host = r.header("Host");
        if (host == null || host.isBlank() || host.length() > 255) {
            return null;
        }
        return TrustedOrigins.origin((https(r) ? "https://" : "http://") + host.trim().toLowerCase(Locale.ROOT));
    }
}
