package dev.authstash.ratelimit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds counter keys: {@code rl:{<22 chars>}}, the braces being a Redis Cluster hash tag and the 22 chars the
 * base64url SHA-256 (132 bits) of the UTF-16 code units of rule id, algorithm, window, max and client key joined by {@code '\n'}.
 * Fixed length, alphabet {@code [A-Za-z0-9_-]}: no request text reaches Redis or can forge another key.
 * Changing a rule's window or max therefore starts fresh counters.
 * <p>Hot path: one per-thread digest and byte buffer, the material fed part by part, so a key costs one SHA-256
 * and the returned string (no {@code MessageDigest.getInstance}, no joined material, no byte array per call).
 * <p>In-process keys ({@link #local}), for a {@link MemoryRateLimitStore} that is the limiter's only store: counters
 * never leave the process, so no hash is needed; the key is a short per-rule prefix and the client key in clear,
 * unless that is longer than {@value #LOCAL_CLIENT_MAX} chars (then the hashed key).
 */
final class RateLimitKeys {
    static final String PREFIX = "rl:";
    private static final char[] B64URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    /** Longest client key (with its suffix), in chars, kept in clear in an in-process key. */
    static final int LOCAL_CLIENT_MAX = 256;
    private static final Prefix[] PREFIXES = new Prefix[64];
    private static final int MAX_TAGS = 4096;
    private static final ConcurrentHashMap<String, String> TAGS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_TAG = new AtomicInteger();

    /** The in-process prefix of one rule instance. */
    private record Prefix(RateLimitRule rule, String text) {}

    private RateLimitKeys() {}

    /**
     * An in-process counter key: the rule's prefix, then client key and suffix. The prefix stands for
     * {@code <id length>:<id>\n<algorithm>\n<window>\n<max>\n} (a short tag, or that text itself), so keys are
     * injective like the hashed key's material (the id is length-prefixed; tags start with {@code #}, texts with
     * a digit) and disjoint from hashed keys ({@code rl:…}), which are used instead when client and suffix exceed
     * {@value #LOCAL_CLIENT_MAX} chars, so an entry stays small. Never sent to any storage.
     */
    static String local(RateLimitRule rule, String clientKey, String suffix) {
        if (clientKey.length() + suffix.length() > LOCAL_CLIENT_MAX) {
            return of(rule, clientKey, suffix);
        }
        String key = prefix(rule).concat(clientKey);
        return suffix.isEmpty() ? key : key.concat(suffix);
    }

    /**
     * The rule's prefix: a short tag ({@code #<n>\n}, one per distinct id, algorithm, window and max, at most
     * {@value #MAX_TAGS} of them) or, beyond that, the full text. Cached per rule instance in a small lock-free
     * table (a miss rebuilds it; races are harmless).
     */
    private static String prefix(RateLimitRule rule) {
        int slot = System.identityHashCode(rule) & (PREFIXES.length - 1);
        Prefix p = PREFIXES[slot];
        if (p == null || p.rule() != rule) {
            String full = rule.id().length() + ":" + rule.id() + '\n' + rule.algorithm().configName() + '\n'
                    + rule.windowSeconds() + '\n' + rule.max() + '\n';
            String tag = TAGS.get(full);
            if (tag == null && TAGS.size() < MAX_TAGS) {
                tag = TAGS.computeIfAbsent(full, f -> "#" + Integer.toString(NEXT_TAG.getAndIncrement(), 36) + '\n');
            }
            p = new Prefix(rule, tag == null ? full : tag);
            PREFIXES[slot] = p;
        }
        return p.text();
    }

    /**
     * The hash an operator sees for counter key {@code key} (lists of blocked keys, state): the 22 chars between
     * the braces of a hashed key; an in-process key's own 22-char SHA-256 (base64url), so no client key is shown.
     */
    static String hash(String key) {
        if (key.length() == 27 && key.startsWith("rl:{") && key.charAt(26) == '}') {
            return key.substring(4, 26);
        }
        Hasher h = HASHER.get();
        byte[] d = h.chars(key).digest();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
    }

    static String of(RateLimitRule rule, String clientKey) {
        return of(rule, clientKey, "");
    }

    /** The key of {@code clientKey + suffix}, without joining them. */
    static String of(RateLimitRule rule, String clientKey, String suffix) {
        Hasher h = HASHER.get();
        h.chars(rule.id()).nl().chars(rule.algorithm().configName()).nl().number(rule.windowSeconds()).nl()
                .number(rule.max()).nl().chars(clientKey).chars(suffix);
        byte[] d = h.digest();
        char[] out = new char[27];
        "rl:{".getChars(0, 4, out, 0);
        int o = 4;
        for (int i = 0; o < 26; i += 3) { // 22 base64url chars = the first 132 bits of the digest
            int b = (d[i] & 0xff) << 16 | (d[i + 1] & 0xff) << 8 | (d[i + 2] & 0xff);
            for (int s = 18; s >= 0 && o < 26; s -= 6) {
                out[o++] = B64URL[(b >>> s) & 0x3f];
            }
        }
        out[26] = '}';
        return new String(out);
    }

    /** Feeds UTF-16 code units (two bytes each: lossless even for unpaired surrogates) through a 512-byte buffer. */
    private static final class Hasher {
        private final MessageDigest sha256;
        private final byte[] buf = new byte[512];
        private final byte[] digest = new byte[32];
        private int n;

        Hasher() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }

        Hasher chars(String s) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i));
            }
            return this;
        }

        Hasher nl() {
            put('\n');
            return this;
        }

        Hasher number(long v) {
            if (v < 0) {
                put('-');
                v = -v;
            }
            long div = 1;
            while (v / div >= 10) {
                div *= 10;
            }
            for (; div > 0; div /= 10) {
                put((char) ('0' + (v / div) % 10));
            }
            return this;
        }

        private void put(char c) {
            if (n == buf.length) {
                sha256.update(buf, 0, n);
                n = 0;
            }
            buf[n++] = (byte) (c >>> 8);
            buf[n++] = (byte) c;
        }

        byte[] digest() {
            sha256.update(buf, 0, n);
            n = 0;
            try {
                sha256.digest(digest, 0, 32);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
            return digest;
        }
    }
}
