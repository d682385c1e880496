package dev.authstash.client;

import java.util.List;

/**
 * How the client address is found. JSON: {@code advanced.ipAddress}.
 *
 * @param trustedProxies IPs and CIDRs (v4 and v6) of proxies whose {@code X-Forwarded-For} and {@code Forwarded}
 *                       headers are believed; empty (default) means forwarded headers are ignored
 * @param ipv6Subnet     prefix length by which IPv6 clients are grouped, 1..128, default 64
 */
public record IpAddressSettings(List<String> trustedProxies, int ipv6Subnet) {
    public IpAddressSettings {
        trustedProxies = List.copyOf(trustedProxies == null ? List.of() : trustedProxies);
        if (ipv6Subnet < 1 || ipv6Subnet > 128) {
            throw new IllegalArgumentException("ipv6Subnet must be between 1 and 128, got " + ipv6Subnet);
        }
    }

    public static IpAddressSettings defaults() {
        return new IpAddressSettings(List.of(), 64);
    }
}
