package dev.authstash.client;

/**
 * Parses and formats IP address literals without any name lookup. Strict: dotted-quad IPv4 (no leading
 * zeros), IPv6 per RFC 4291 (with {@code ::} and an optional dotted-quad tail), no brackets, ports or zones.
 */
final class IpLiteral {
    private IpLiteral() {}

    /** 4 or 16 bytes, or null when {@code text} is not an IP literal. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /**
     * The strict dotted quad in {@code text[from, to)} as an unsigned 32-bit value, or -1 when that region is anything
     * else. Allocates nothing; a region it accepts is its own canonical form ({@link #format}).
     */
    static long v4(String text, int from, int to) {
        long address = 0;
        int parts = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && text.charAt(i) != '.') {
                continue;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || (digits > 1 && text.charAt(start) == '0') || ++parts > 4) {
                return -1;
            }
            int value = 0;
            for (int j = start; j < i; j++) {
                char c = text.charAt(j);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return -1;
            }
            address = address << 8 | value;
            start = i + 1;
        }
        return parts == 4 ? address : -1;
    }

    static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(text) : groups(text.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(out, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(out, 8 - tail.length + i, tail[i]);
        }
        return out;
    }

    private static void put(byte[] out, int group, int value) {
        out[group * 2] = (byte) (value >> 8);
        out[group * 2 + 1] = (byte) value;
    }

    /** 16-bit groups of a colon-separated run; a dotted quad at the end counts as two groups. */
    private static int[] groups(String run) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        boolean v4Tail = parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (v4Tail && i == parts.length - 1) {
                byte[] v4 = parseV4(part);
                if (v4 == null) {
                    return null;
                }
                out[i] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[i + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0 || part.charAt(j) > 'f') {
                    return null;
                }
                value = value * 16 + digit;
            }
            out[i] = value;
        }
        return out;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else the input. */
    static byte[] unmap(byte[] address) {
        if (address.length != 16 || (address[10] & 0xff) != 0xff || (address[11] & 0xff) != 0xff) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        return new byte[] {address[12], address[13], address[14], address[15]};
    }

    /** A copy keeping the first {@code prefix} bits. */
    static byte[] mask(byte[] address, int prefix) {
        byte[] out = new byte[address.length];
        for (int i = 0; i < address.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (address[i] & (0xff00 >> bits));
        }
        return out;
    }

    /** Dotted quad, or RFC 5952 text (lowercase, longest run of two or more zero groups as {@code ::}). */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[i * 2] & 0xff) << 8 | (address[i * 2 + 1] & 0xff);
        }
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
