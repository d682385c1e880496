package dev.authstash.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Finds the client identity of a request. Forwarded headers are read only when the TCP peer is a trusted
 * proxy ({@link IpAddressSettings#trustedProxies()}), and only those listed in
 * {@link IpAddressSettings#ipAddressHeaders()} (default {@code x-forwarded-for}), in that order. Rules:
 * <ul>
 * <li>A header's hops are walked right to left, skipping trusted proxies; the first untrusted hop is the
 * client. {@code forwarded} is read as RFC 7239 {@code for=} elements, every other header as a comma list;
 * several values of one header are joined by commas.</li>
 * <li>Fail closed: a header whose walk ends without an untrusted address — every hop trusted, or a hop that is
 * not an IP ({@code unknown}, {@code _obfuscated}, a hostname, an element without {@code for=}, garbage) —
 * names nobody, and the next listed header is tried. When no header names a client, the key is the TCP peer:
 * the one address no header can choose. Never an address that no trusted proxy vouched for.</li>
 * <li>Ports, brackets and IPv6 zones are stripped. Only the last 8 KB and last 64 hops of a header are read.</li>
 * <li>With {@link IpAddressSettings#disableIpTracking()} there is no client IP: {@code resolve} answers null.</li>
 * </ul>
 * Never throws for request data. Immutable, thread-safe.
 */
public final class ClientIpResolver {
    private final List<Cidr> trusted;
    private final int ipv6Subnet;
    private final List<String> headers;
    private final boolean disabled;

    /** @throws IllegalArgumentException naming the trusted proxy entry that is not an IP or CIDR */
    public ClientIpResolver(IpAddressSettings settings) {
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < settings.trustedProxies().size(); i++) {
            try {
                cidrs.add(Cidr.parse(settings.trustedProxies().get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trustedProxies[" + i + "]: " + e.getMessage(), e);
            }
        }
        this.trusted = List.copyOf(cidrs);
        this.ipv6Subnet = settings.ipv6Subnet();
        this.headers = settings.ipAddressHeaders();
        this.disabled = settings.disableIpTracking();
        if (disabled) {
            LoggerFactory.getLogger(ClientIpResolver.class).warn("authstash: advanced.ipAddress.disableIpTracking is"
                    + " true: requests have no client IP, so rate limits keyed by IP do not apply");
        }
    }

    /** The headers read from a trusted proxy, in order, lower case ({@code advanced.ipAddress.ipAddressHeaders}). */
    public List<String> headerNames() {
        return headers;
    }

    /** Whether there is a client IP at all ({@code advanced.ipAddress.disableIpTracking} is false). */
    public boolean tracksIp() {
        return !disabled;
    }

    /**
     * The client key: the canonical client IP (IPv4 dotted, IPv4-mapped IPv6 as IPv4, IPv6 reduced to its
     * configured subnet, e.g. {@code 2001:db8:1:2::/64}). When {@code remoteAddr} is not an IP, it is
     * returned sanitized (at most 64 chars of {@code [A-Za-z0-9.:_-]}, others as {@code _}; blank = "unknown").
     * Null when IP tracking is disabled.
     *
     * @param remoteAddr the TCP peer address as the container reports it
     * @param headers    every value of a request header by lower-case name, in order (empty or null if absent)
     */
    public String resolve(String remoteAddr, Function<String, List<String>> headers) {
        if (disabled) {
            return null;
        }
        long v4 = remoteAddr == null ? -1 : IpLiteral.v4(remoteAddr, 0, remoteAddr.length());
        if (v4 >= 0) { // a plain dotted quad, the usual peer: its own canonical form, nothing to parse into bytes
            if (!isTrustedV4((int) v4)) {
                return remoteAddr;
            }
            String client = fromHeaders(headers);
            return client != null ? client : remoteAddr;
        }
        byte[] peer = ForwardedHops.address(remoteAddr);
        if (peer == null) {
            return sanitize(remoteAddr);
        }
        if (!isTrusted(peer)) {
            return canonical(peer);
        }
        String client = fromHeaders(headers);
        return client != null ? client : canonical(peer);
    }

    /** The canonical client a listed forwarded header names (the peer being trusted), or null. */
    private String fromHeaders(Function<String, List<String>> headers) {
        for (int i = 0; i < this.headers.size(); i++) { // an immutable list: indexed, no iterator
            String name = this.headers.get(i);
            List<String> values = headers == null ? null : headers.apply(name);
            if (!ForwardedHops.present(values)) {
                continue;
            }
            String client;
            if (!IpHeaders.isForwarded(name) && values.size() == 1 && isPlainList(values.get(0))) {
                client = lastUntrusted(values.get(0));
            } else {
                byte[] hop = firstUntrusted(IpHeaders.isForwarded(name)
                        ? ForwardedHops.forwarded(values) : ForwardedHops.xForwardedFor(values));
                client = hop == null ? null : canonical(hop);
            }
            if (client != null) {
                return client;
            }
        }
        return null;
    }

    /** A single comma list the walk below reads exactly as {@link ForwardedHops#xForwardedFor} splits it. */
    private static boolean isPlainList(String value) {
        return value.length() <= ForwardedHops.MAX_CHARS && value.indexOf('"') < 0;
    }

    /**
     * {@link #firstUntrusted} over the hops of one plain comma list, walked in place from the right: a dotted-quad
     * hop is matched as a 32-bit value and, being canonical already, returned as its own text; any other hop is
     * parsed as {@link ForwardedHops#address} does. Same answers, without splitting the list.
     */
    private String lastUntrusted(String list) {
        int end = list.length();
        for (int hops = 0; hops < ForwardedHops.MAX_HOPS; hops++) {
            int comma = list.lastIndexOf(',', end - 1);
            int from = comma + 1;
            int to = end;
            while (from < to && list.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && list.charAt(to - 1) <= ' ') {
                to--;
            }
            long v4 = IpLiteral.v4(list, from, to);
            if (v4 < 0) {
                byte[] hop = ForwardedHops.address(list.substring(from, to));
                if (hop == null) {
                    return null;
                }
                if (!isTrusted(hop)) {
                    return canonical(hop);
                }
            } else if (!isTrustedV4((int) v4)) {
                return list.substring(from, to);
            }
            if (comma < 0) {
                return null;
            }
            end = comma;
        }
        return null;
    }

    /**
     * {@link #resolve(String, Function)} for a request whose only forwarded headers are these.
     *
     * @param xForwardedFor every {@code X-Forwarded-For} header value, in order (may be empty or null)
     * @param forwarded     every RFC 7239 {@code Forwarded} header value, in order (may be empty or null)
     */
    public String resolve(String remoteAddr, List<String> xForwardedFor, List<String> forwarded) {
        return resolve(remoteAddr, name -> switch (name) {
            case "x-forwarded-for" -> xForwardedFor;
            case "forwarded" -> forwarded;
            default -> null;
        });
    }

    /** The first untrusted hop from the right, or null when the walk meets only trusted hops or a non-IP hop. */
    private byte[] firstUntrusted(List<String> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = ForwardedHops.address(hops.get(i));
            if (hop == null) {
                return null;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return null;
    }

    /** Whether {@code remoteAddr} (a TCP peer) is one of the trusted proxies, so its forwarded headers count. */
    public boolean isTrustedProxy(String remoteAddr) {
        byte[] peer = ForwardedHops.address(remoteAddr);
        return peer != null && isTrusted(peer);
    }

    private boolean isTrustedV4(int address) {
        for (int i = 0; i < trusted.size(); i++) {
            if (trusted.get(i).containsV4(address)) {
                return true;
            }
        }
        return false;
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private String canonical(byte[] address) {
        byte[] bytes = IpLiteral.unmap(address);
        if (bytes.length == 4) {
            return IpLiteral.format(bytes);
        }
        return IpLiteral.format(IpLiteral.mask(bytes, ipv6Subnet)) + "/" + ipv6Subnet;
    }

    private static String sanitize(String remoteAddr) {
        String trimmed = remoteAddr == null ? "" : remoteAddr.trim();
        if (trimmed.isEmpty()) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(trimmed.length(), 64); i++) {
            char c = trimmed.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ".:_-".indexOf(c) >= 0;
            out.append(safe ? c : '_');
        }
        return out.toString();
    }
}
