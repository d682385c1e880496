package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.RedisProcess;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code rediss://} against a real TLS redis-server (the bundled binary is built with TLS), with a
 * self-signed certificate for {@code localhost} made by the JDK's keytool: TLS is used, the server's
 * certificate is verified (an untrusted one fails), and plain {@code redis://} cannot talk to a TLS port.
 */
class RedisStorageTlsTest {
    static final char[] STORE_PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    static RedisProcess redis;
    static int tlsPort;
    static SSLSocketFactory trusting;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        File keystore = dir.resolve("server.p12").toFile();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).as("keytool exit code").isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore)) {
            ks.load(in, STORE_PASSWORD);
        }
        Path cert = pem(dir.resolve("cert.pem"), "CERTIFICATE", ks.getCertificate("redis").getEncoded());
        Path key = pem(dir.resolve("key.pem"), "PRIVATE KEY", ((PrivateKey) ks.getKey("redis", STORE_PASSWORD)).getEncoded());
        tlsPort = freePort();
        redis = RedisProcess.launch("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", cert.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        trusting = ctx.getSocketFactory();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void redissTalksTlsToATrustedServer() {
        StorageSettings s = RedisTestSupport.settings("rediss://localhost:" + tlsPort, List.of());
        try (RedisStorage storage = RedisClients.connect(s, trusting)) {
            storage.set("over-tls", "v", null);
            assertThat(storage.get("over-tls")).isEqualTo("v");
        }
        try (Jedis plain = redis.jedis()) {
            assertThat(plain.get("authstash:over-tls")).as("same server, plain port").isEqualTo("v");
        }
    }

    @Test
    void untrustedCertificateAndPlainRedisToTheTlsPortFail() {
        for (String url : List.of("rediss://localhost:" + tlsPort, "redis://localhost:" + tlsPort)) {
            try (RedisStorage storage = RedisStorage.create(StorageSettings.defaults().withUrl(url))) {
                assertThatThrownBy(() -> storage.get("k")).as(url).isExactlyInstanceOf(StorageException.class)
                        .hasMessageStartingWith("Redis GET failed");
            }
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
