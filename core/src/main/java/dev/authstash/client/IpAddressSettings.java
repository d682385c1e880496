package dev.authstash.client;

import java.util.List;

/**
 * How the client address is found. JSON: {@code advanced.ipAddress}.
 *
 * @param trustedProxies    IPs and CIDRs (v4 and v6) of proxies whose forwarded headers are believed; empty
 *                          (default) means forwarded headers are ignored. List only proxies, never a range that
 *                          also holds clients
 * @param ipv6Subnet        prefix length by which IPv6 clients are grouped, 1..128, default 64
 * @param ipAddressHeaders  the headers read, in order, when the peer is a trusted proxy; lower-cased, default
 *                          {@code ["x-forwarded-for"]}; {@code forwarded} (RFC 7239) and vendor headers such as
 *                          {@code cf-connecting-ip} only when listed (see {@link IpHeaders})
 * @param disableIpTracking Better Auth's switch: no client IP at all, so IP-keyed rate limits do not apply and
 *                          sessions record no address. A security risk; default false
 */
public record IpAddressSettings(List<String> trustedProxies, int ipv6Subnet, List<String> ipAddressHeaders,
                                boolean disableIpTracking) {
    /** The headers read by default: {@code x-forwarded-for} only. */
    public static final List<String> DEFAULT_HEADERS = List.of("x-forwarded-for");

    /** @throws IllegalArgumentException naming a bad subnet or header entry */
    public IpAddressSettings {
        trustedProxies = List.copyOf(trustedProxies == null ? List.of() : trustedProxies);
        if (ipv6Subnet < 1 || ipv6Subnet > 128) {
            throw new IllegalArgumentException("ipv6Subnet must be between 1 and 128, got " + ipv6Subnet);
        }
        ipAddressHeaders = IpHeaders.normalize(ipAddressHeaders == null ? DEFAULT_HEADERS : ipAddressHeaders);
    }

    /** Default headers ({@code x-forwarded-for}), IP tracking on. */
    public IpAddressSettings(List<String> trustedProxies, int ipv6Subnet) {
        this(trustedProxies, ipv6Subnet, DEFAULT_HEADERS, false);
    }

    public static IpAddressSettings defaults() {
        return new IpAddressSettings(List.of(), 64);
    }
}
