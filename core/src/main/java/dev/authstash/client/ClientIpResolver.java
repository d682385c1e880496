package dev.authstash.client;

import java.util.List;

/** STUB — being implemented (issue 2). Finds the client identity of a request. Immutable, thread-safe. */
public final class ClientIpResolver {
    public ClientIpResolver(IpAddressSettings settings) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * The client key: the canonical client IP (IPv4 dotted, IPv4-mapped IPv6 as IPv4, IPv6 reduced to its
     * configured subnet, e.g. {@code 2001:db8:1:2::/64}). Forwarded headers are read only when the
     * peer is a trusted proxy.
     *
     * @param remoteAddr     the TCP peer address as the container reports it
     * @param xForwardedFor  every {@code X-Forwarded-For} header value, in order (may be empty)
     * @param forwarded      every RFC 7239 {@code Forwarded} header value, in order (may be empty)
     */
    public String resolve(String remoteAddr, List<String> xForwardedFor, List<String> forwarded) {
        throw new UnsupportedOperationException("stub");
    }
}
