package dev.authstash.testkit;

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

/**
 * A redis-server with a TLS port beside its plain one, its self-signed certificate for {@code localhost} made by the
 * JDK's keytool (the bundled binary is built with TLS). {@link #certificate()} is the PEM file a client trusts.
 */
public final class TlsRedis implements AutoCloseable {
    private final RedisProcess redis;
    private final int tlsPort;
    private final Path certificate;
    private final Path dir;

    private TlsRedis(RedisProcess redis, int tlsPort, Path certificate, Path dir) {
        this.redis = redis;
        this.tlsPort = tlsPort;
        this.certificate = certificate;
        this.dir = dir;
    }

    public static TlsRedis launch() {
        try {
            Path dir = TempDirs.create("authstash-tls-redis");
            Path keystore = dir.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = new FileInputStream(keystore.toFile())) {
                ks.load(in, "changeit".toCharArray());
            }
            Path cert = pem(dir.resolve("cert.pem"), "CERTIFICATE", ks.getCertificate("redis").getEncoded());
            Path key = pem(dir.resolve("key.pem"), "PRIVATE KEY",
                    ((PrivateKey) ks.getKey("redis", "changeit".toCharArray())).getEncoded());
            int port = freePort();
            RedisProcess redis = RedisProcess.launch("--tls-port", String.valueOf(port), "--tls-cert-file",
                    cert.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file", cert.toString(),
                    "--tls-auth-clients", "no");
            return new TlsRedis(redis, port, cert, dir);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** The server's certificate (PEM), the one to trust. */
    public Path certificate() {
        return certificate;
    }

    /** The same server's plain port. */
    public RedisProcess plain() {
        return redis;
    }

    @Override
    public void close() {
        redis.close();
        TempDirs.delete(dir);
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
