package dev.authstash.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Random values for one property case, biased like a property-testing library: bounds, zero, empty
 * and very short values come up often, and strings mix ASCII, control characters, non-ASCII, valid
 * surrogate pairs and lone surrogates.
 */
public final class Gen {
    private static final String SPECIAL = "/\\%.:;?#\"'{}[]$,= \t\r\n";
    private final SplittableRandom random;

    Gen(SplittableRandom random) {
        this.random = random;
    }

    /** An int in {@code [min, max]} (both inclusive); the bounds and 0 come up about one case in six. */
    public int between(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        switch (random.nextInt(18)) {
            case 0: return min;
            case 1: return max;
            case 2: return min <= 0 && 0 <= max ? 0 : min;
            default: return (int) (min + random.nextLong((long) max - min + 1));
        }
    }

    /** true or false, even odds. */
    public boolean bool() {
        return random.nextBoolean();
    }

    /** Any byte, -128 and 127 and 0 included often. */
    public byte anyByte() {
        return (byte) between(Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    /** One of {@code values}, each equally likely (repeat a value to weight it). */
    @SafeVarargs
    public final <T> T oneOf(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One constant of {@code type}. */
    public <E extends Enum<E>> E anyOf(Class<E> type) {
        return oneOf(type.getEnumConstants());
    }

    /** A list of {@code 0..maxSize} elements. */
    public <T> List<T> list(int maxSize, Supplier<T> element) {
        int size = between(0, maxSize);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(element.get());
        }
        return out;
    }

    /** {@code 0..maxSize} tokens drawn from {@code tokens}, concatenated. */
    public String joined(int maxSize, String... tokens) {
        return String.join("", list(maxSize, () -> oneOf(tokens)));
    }

    /** Any string of 0..255 chars (mostly short), any UTF-16 content including lone surrogates. */
    public String string() {
        int length = random.nextInt(10) == 0 ? 0 : between(1, random.nextInt(5) == 0 ? 255 : 20);
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            int kind = random.nextInt(20);
            if (kind < 8) {
                out.append((char) (0x20 + random.nextInt(0x5f)));             // printable ASCII
            } else if (kind < 11) {
                out.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
            } else if (kind < 13) {
                out.append((char) (random.nextInt(3) == 0 ? 0x7f : random.nextInt(0x20))); // control
            } else if (kind < 17) {
                out.append((char) (0x80 + random.nextInt(0xd800 - 0x80)));   // BMP below surrogates
            } else if (kind < 18) {
                out.append((char) (0xe000 + random.nextInt(0x10000 - 0xe000))); // BMP above surrogates
            } else if (kind < 19) {
                out.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000)); // surrogate pair
            } else {
                out.append((char) (0xd800 + random.nextInt(0x800)));          // lone surrogate
            }
        }
        out.setLength(length);
        return out.toString();
    }
}
