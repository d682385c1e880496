package dev.authstash.client;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range. Parsed without any name lookup. Host bits after the prefix are ignored
 * ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}). IPv4-mapped IPv6 ({@code ::ffff:10.1.2.3}) counts as IPv4, both
 * as a range (prefix 96 or more) and as an address to test; an IPv6 range never contains an IPv4 address.
 * Immutable.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final int v4Network;
    private final int v4Mask;

    private Cidr(byte[] network, int prefix) {
        this.network = IpLiteral.mask(network, prefix);
        this.prefix = prefix;
        this.v4Mask = prefix == 0 ? 0 : -1 << (32 - Math.min(prefix, 32));
        this.v4Network = this.network.length == 4 ? ipv4(this.network) : 0;
    }

    private static int ipv4(byte[] bytes) {
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Parses {@code 10.0.0.0/8}, {@code ::1}, {@code 2001:db8::/32} (a bare address is a /32 or /128). */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32, got null");
        }
        int slash = text.indexOf('/');
        byte[] address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw invalid(text, "not an IP address");
        }
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > max) {
                throw invalid(text, (max == 32 ? "IPv4" : "IPv6") + " prefix length must be 0.." + max);
            }
            prefix = Integer.parseInt(digits);
        }
        byte[] unmapped = IpLiteral.unmap(address);
        if (unmapped.length == 4 && prefix >= 96) {
            return new Cidr(unmapped, prefix - 96);
        }
        return new Cidr(address, prefix);
    }

    private static IllegalArgumentException invalid(String text, String detail) {
        String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return new IllegalArgumentException("expected an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32, got \""
                + shown.replaceAll("\\p{Cntrl}", "?") + "\" (" + detail + ")");
    }

    /** Whether the address is in this range. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether the IP literal is in this range; false when {@code address} is not an IP literal. */
    public boolean contains(String address) {
        byte[] bytes = IpLiteral.parse(address);
        return bytes != null && contains(bytes);
    }

    boolean contains(byte[] address) {
        byte[] bytes = IpLiteral.unmap(address);
        return bytes.length == network.length && Arrays.equals(IpLiteral.mask(bytes, prefix), network);
    }

    /** As {@link #contains(byte[])} for an IPv4 address as a 32-bit value, without allocating. */
    boolean containsV4(int address) {
        return network.length == 4 && (address & v4Mask) == v4Network;
    }

    /** The prefix length in bits. */
    public int prefix() {
        return prefix;
    }

    /** Whether this is an IPv4 range. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    /** Canonical form, e.g. {@code 10.0.0.0/8}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefix;
    }
}
