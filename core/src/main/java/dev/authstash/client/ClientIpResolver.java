package dev.authstash.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client identity of a request. Forwarded headers are read only when the TCP peer is a trusted
 * proxy ({@link IpAddressSettings#trustedProxies()}); the hops are then walked right to left, skipping
 * trusted proxies, and the first untrusted hop is the client. If every hop is trusted, the leftmost is the
 * client. Rules:
 * <ul>
 * <li>RFC 7239 {@code Forwarded} ({@code for=} of each element) is preferred when it has any content;
 * otherwise {@code X-Forwarded-For} (all values joined by commas). The trusted proxy must therefore set or
 * strip the header you rely on — a proxy that only appends {@code X-Forwarded-For} and passes a client's
 * {@code Forwarded} through lets that client choose its address.</li>
 * <li>A hop that is not an IP ({@code unknown}, {@code _obfuscated}, a hostname, an element without
 * {@code for=}, garbage) ends the walk: the client is the nearest trusted hop, i.e. the one that made the
 * unusable claim (the peer if it is the rightmost hop). Never an address further left.</li>
 * <li>Ports, brackets and IPv6 zones are stripped. Only the last 8 KB and last 64 hops are read.</li>
 * </ul>
 * Never throws for request data. Immutable, thread-safe.
 */
public final class ClientIpResolver {
    private final List<Cidr> trusted;
    private final int ipv6Subnet;

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
    }

    /**
     * The client key: the canonical client IP (IPv4 dotted, IPv4-mapped IPv6 as IPv4, IPv6 reduced to its
     * configured subnet, e.g. {@code 2001:db8:1:2::/64}). When {@code remoteAddr} is not an IP, it is
     * returned sanitized (at most 64 chars of {@code [A-Za-z0-9.:_-]}, others as {@code _}; blank = "unknown").
     *
     * @param remoteAddr     the TCP peer address as the container reports it
     * @param xForwardedFor  every {@code X-Forwarded-For} header value, in order (may be empty or null)
     * @param forwarded      every RFC 7239 {@code Forwarded} header value, in order (may be empty or null)
     */
    public String resolve(String remoteAddr, List<String> xForwardedFor, List<String> forwarded) {
        byte[] peer = ForwardedHops.address(remoteAddr);
        if (peer == null) {
            return sanitize(remoteAddr);
        }
        if (!isTrusted(peer)) {
            return canonical(peer);
        }
        List<String> hops = ForwardedHops.present(forwarded)
                ? ForwardedHops.forwarded(forwarded) : ForwardedHops.xForwardedFor(xForwardedFor);
        byte[] nearestTrusted = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = ForwardedHops.address(hops.get(i));
            if (hop == null) {
                break;
            }
            if (!isTrusted(hop)) {
                return canonical(hop);
            }
            nearestTrusted = hop;
        }
        return canonical(nearestTrusted);
    }

    /** Whether {@code remoteAddr} (a TCP peer) is one of the trusted proxies, so its forwarded headers count. */
    public boolean isTrustedProxy(String remoteAddr) {
        byte[] peer = ForwardedHops.address(remoteAddr);
        return peer != null && isTrusted(peer);
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
