package dev.authstash.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A Lua script run with {@code EVALSHA}, reloaded on {@code NOSCRIPT}. Immutable. */
public final class RedisScript {
    private final String source;
    private final String sha1;

    private RedisScript(String source) {
        this.source = Objects.requireNonNull(source, "source");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            this.sha1 = HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RedisScript of(String source) {
        return new RedisScript(source);
    }

    /** Loads a script from a class-path resource (UTF-8). */
    public static RedisScript fromResource(Class<?> anchor, String name) {
        try (var in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String source() {
        return source;
    }

    /** Lower-case hex SHA-1 of the source, as Redis names it. */
    public String sha1() {
        return sha1;
    }
}
