package dev.authstash.web;

import dev.authstash.session.CookieCacheStrategy;
import dev.authstash.session.SessionSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the cookie cache seals a payload into a cookie value and opens it again ({@code session.cookieCache.strategy}).
 * Keys: one per application secret, derived for this use and {@code cookieCache.version} only; the first seals, all
 * open, every one tried whatever matched (the time does not tell which). {@link #open} returns null for anything
 * tampered, foreign, sealed under another version or malformed. Thread-safe.
 */
sealed interface CookieSeal {
    Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    String seal(byte[] payload);

    /** The payload, or null when {@code value} was not sealed by one of these keys. */
    byte[] open(String value);

    static CookieSeal of(CookieCacheStrategy strategy, String version, List<byte[]> secretKeys) {
        String use = strategy == CookieCacheStrategy.JWE ? "authstash-cookie-cache-jwe|" + version
                : version.equals(SessionSettings.DEFAULT_COOKIE_CACHE_VERSION) ? "authstash-cookie-cache"
                : "authstash-cookie-cache|" + version; // version 1 keeps the keys of cookies issued before versions
        List<byte[]> keys = secretKeys.stream().map(k -> mac(k).doFinal(use.getBytes(StandardCharsets.UTF_8))).toList();
        return strategy == CookieCacheStrategy.JWE ? new Encrypted(keys) : new Signed(keys);
    }

    static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] decode(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code compact}: {@code base64url(payload) "." base64url(HMAC-SHA256(base64url(payload)))}. */
    final class Signed implements CookieSeal {
        private final ThreadLocal<Mac[]> macs;

        Signed(List<byte[]> keys) {
            this.macs = ThreadLocal.withInitial(() -> keys.stream().map(CookieSeal::mac).toArray(Mac[]::new));
        }

        @Override
        public String seal(byte[] payload) {
            String body = B64.encodeToString(payload);
            return body + "." + B64.encodeToString(macs.get()[0].doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public byte[] open(String value) {
            int dot = value.lastIndexOf('.');
            byte[] given = dot <= 0 ? null : decode(value.substring(dot + 1));
            if (given == null) {
                return null;
            }
            byte[] body = value.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            boolean ok = false;
            for (Mac mac : macs.get()) { // every key, always
                ok |= MessageDigest.isEqual(given, mac.doFinal(body));
            }
            return ok ? decode(value.substring(0, dot)) : null;
        }
    }

    /**
     * {@code jwe}: JWE compact serialization (RFC 7516), {@code {"alg":"dir","enc":"A256GCM","kid":…}}: header, an
     * empty encrypted key, a 96-bit IV, the ciphertext and the 128-bit tag, the encoded header as additional data.
     * The content key is derived per cookie from a random 128-bit {@code kid} (HMAC-SHA256 of the secret's key), so
     * no key ever encrypts more than one cookie and GCM's IV-reuse bound never comes near. Only this exact header
     * shape opens (the cookie chooses no algorithm).
     */
    final class Encrypted implements CookieSeal {
        private static final String HEADER_START = "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"";
        private static final java.util.regex.Pattern KID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{22}");
        private static final int KID_BYTES = 16;
        private static final int IV_BYTES = 12;
        private static final int TAG_BYTES = 16;
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final ThreadLocal<Cipher> AES = ThreadLocal.withInitial(() -> {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM unavailable", e);
            }
        });
        private final ThreadLocal<Mac[]> macs;

        Encrypted(List<byte[]> keys) {
            this.macs = ThreadLocal.withInitial(() -> keys.stream().map(CookieSeal::mac).toArray(Mac[]::new));
        }

        @Override
        public String seal(byte[] payload) {
            byte[] random = new byte[KID_BYTES + IV_BYTES];
            RANDOM.nextBytes(random);
            String kid = B64.encodeToString(java.util.Arrays.copyOf(random, KID_BYTES));
            byte[] iv = java.util.Arrays.copyOfRange(random, KID_BYTES, random.length);
            String header = B64.encodeToString((HEADER_START + kid + "\"}").getBytes(StandardCharsets.US_ASCII));
            try {
                Cipher c = AES.get();
                c.init(Cipher.ENCRYPT_MODE, key(macs.get()[0], kid), new GCMParameterSpec(TAG_BYTES * 8, iv));
                c.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
                byte[] out = c.doFinal(payload);
                int n = out.length - TAG_BYTES;
                return header + ".." + B64.encodeToString(iv) + "."
                        + B64.encodeToString(java.util.Arrays.copyOf(out, n)) + "."
                        + B64.encodeToString(java.util.Arrays.copyOfRange(out, n, out.length));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM failed", e);
            }
        }

        @Override
        public byte[] open(String value) {
            String[] p = value.split("\\.", -1);
            if (p.length != 5 || !p[1].isEmpty()) {
                return null;
            }
            byte[] header = decode(p[0]);
            String h = header == null ? "" : new String(header, StandardCharsets.ISO_8859_1);
            String kid = h.startsWith(HEADER_START) && h.endsWith("\"}")
                    ? h.substring(HEADER_START.length(), h.length() - 2) : "";
            byte[] iv = decode(p[2]);
            byte[] text = decode(p[3]);
            byte[] tag = decode(p[4]);
            if (!KID.matcher(kid).matches() || iv == null || iv.length != IV_BYTES || text == null || tag == null
                    || tag.length != TAG_BYTES) {
                return null;
            }
            byte[] sealed = new byte[text.length + TAG_BYTES];
            System.arraycopy(text, 0, sealed, 0, text.length);
            System.arraycopy(tag, 0, sealed, text.length, TAG_BYTES);
            byte[] aad = p[0].getBytes(StandardCharsets.US_ASCII);
            byte[] opened = null;
            for (Mac mac : macs.get()) { // every key, always
                byte[] o = open(key(mac, kid), iv, aad, sealed);
                opened = opened == null ? o : opened;
            }
            return opened;
        }

        private static SecretKeySpec key(Mac mac, String kid) {
            return new SecretKeySpec(mac.doFinal(kid.getBytes(StandardCharsets.US_ASCII)), "AES"); // 32 bytes: AES-256
        }

        private static byte[] open(SecretKeySpec key, byte[] iv, byte[] aad, byte[] sealed) {
            try {
                Cipher c = AES.get();
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
                c.updateAAD(aad);
                return c.doFinal(sealed);
            } catch (AEADBadTagException e) {
                return null;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM failed", e);
            }
        }
    }
}
