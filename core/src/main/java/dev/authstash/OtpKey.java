package dev.authstash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Derives the OTP hashing key from the application secret. */
final class OtpKey {
    static final String ENV = "AUTHSTASH_SECRET";
    static final int MIN_LENGTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Authstash.class);

    private OtpKey() {}

    /**
     * SHA-256 of "authstash-otp:" + secret. Without a secret the key is a public constant: OTPs are still stored
     * hashed and work across instances, but a copy of Redis could be brute-forced offline, so a warning is logged.
     */
    static byte[] from(String configured, Function<String, String> env) {
        String secret = configured != null ? configured : env.apply(ENV);
        if (secret == null || secret.isBlank()) {
            LOG.warn("authstash: no secret set ({} or Authstash.builder().secret(...)); OTP hashes use a public key",
                    ENV);
            secret = "";
        } else if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    ENV + ": expected at least " + MIN_LENGTH + " characters, got " + secret.length());
        }
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("authstash-otp:" + secret).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
