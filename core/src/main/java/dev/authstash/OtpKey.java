package dev.authstash;

import dev.authstash.config.AuthstashConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the OTP hashing keys from the application secrets: the builder's, else the configuration's
 * {@code secret}, else {@code AUTHSTASH_SECRET}; each a comma-separated list for rotation (the first signs, all
 * verify). Shared storage needs a secret (anyone who can read the storage could otherwise brute-force codes
 * offline); in-memory storage falls back to a random per-process key, with a warning.
 */
final class OtpKey {
    static final String ENV = "AUTHSTASH_SECRET";
    static final int MIN_LENGTH = AuthstashConfig.MIN_SECRET_LENGTH;
    private static final Logger LOG = LoggerFactory.getLogger(Authstash.class);

    private OtpKey() {}

    /**
     * SHA-256 of "authstash-otp:" + secret, per secret, in order.
     *
     * @param builder secrets given to the builder (null = none)
     * @param shared  whether the storage is shared between instances (anything but the in-memory store)
     * @throws IllegalArgumentException naming {@code AUTHSTASH_SECRET} for a short secret, or for none with shared
     *         storage
     */
    static List<byte[]> from(String builder, List<String> configured, Function<String, String> env, boolean shared) {
        List<String> secrets = split(builder);
        if (secrets.isEmpty()) {
            secrets = configured;
        }
        if (secrets.isEmpty()) {
            secrets = split(env.apply(ENV));
        }
        for (String secret : secrets) {
            if (secret.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(
                        ENV + ": expected at least " + MIN_LENGTH + " characters, got " + secret.length());
            }
        }
        if (secrets.isEmpty() && shared) {
            throw new IllegalArgumentException(ENV + ": expected a secret of at least " + MIN_LENGTH + " characters, "
                    + "the same on every instance (or \"secret\" in the configuration): the storage is shared, and "
                    + "OTP hashes keyed without one could be brute-forced by anyone who reads it; got none");
        }
        if (secrets.isEmpty()) {
            LOG.warn("authstash: no secret set ({} or Authstash.builder().secret(...)); OTPs are keyed with a random "
                    + "per-process key, so a code verifies only on the instance that sent it", ENV);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return List.of(key);
        }
        List<byte[]> keys = new ArrayList<>();
        for (String secret : secrets) {
            keys.add(sha256("authstash-otp:" + secret));
        }
        return List.copyOf(keys);
    }

    private static List<String> split(String secrets) {
        List<String> out = new ArrayList<>();
        if (secrets != null) {
            for (String s : secrets.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
