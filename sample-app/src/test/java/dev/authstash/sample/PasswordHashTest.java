package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void hashesWithPbkdf2Sha256Encoding210000IterationsAndA16ByteSalt() {
        String encoded = PasswordHash.hash("correct horse");
        String[] parts = encoded.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(210_000);
        assertThat(java.util.Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(java.util.Base64.getDecoder().decode(parts[3])).hasSize(32);
        assertThat(PasswordHash.hash("correct horse")).isNotEqualTo(encoded);
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String encoded = PasswordHash.hash("correct horse");
        assertThat(PasswordHash.verify("correct horse", encoded)).isTrue();
        assertThat(PasswordHash.verify("correct horsf", encoded)).isFalse();
        assertThat(PasswordHash.verify("", encoded)).isFalse();
    }

    @Test
    void verifiesWithTheStoredParameters() {
        // a hash made with fewer iterations (e.g. an older work factor) still verifies
        String old = "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA$"
                + java.util.Base64.getEncoder().withoutPadding().encodeToString(pbkdf2("pw", "saltsaltsaltsalt", 1000));
        assertThat(PasswordHash.verify("pw", old)).isTrue();
        assertThat(PasswordHash.verify("pw2", old)).isFalse();
    }

    @Test
    void malformedEncodingsNeverMatchAndNeverThrow() {
        for (String bad : new String[] {null, "", "plain", "md5$1$a$b", "pbkdf2-sha256$x$a$b",
                "pbkdf2-sha256$0$c2FsdA$aGFzaA", "pbkdf2-sha256$999999999$c2FsdA$aGFzaA", "pbkdf2-sha256$1000$!!$aGFzaA",
                "pbkdf2-sha256$1000$$", "pbkdf2-sha256$1000$c2FsdA$aGFzaA$extra"}) {
            assertThat(PasswordHash.verify("pw", bad)).as(String.valueOf(bad)).isFalse();
        }
        assertThat(PasswordHash.verifyDecoy("anything")).isFalse();
    }

    private static byte[] pbkdf2(String password, String salt, int iterations) {
        try {
            var spec = new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt.getBytes(), iterations, 256);
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
