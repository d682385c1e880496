package dev.authstash.client;

/** STUB — being implemented (issue 2). An IPv4 or IPv6 address range. */
public final class Cidr {
    private Cidr() {}

    /** Parses {@code 10.0.0.0/8}, {@code ::1}, {@code 2001:db8::/32} (a bare address is a /32 or /128). */
    public static Cidr parse(String text) {
        throw new UnsupportedOperationException("stub");
    }
}
