package dev.authstash.jakartaee;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Payara Micro 7 in a child JVM (it needs Java 21+; the build runs on 17) serving one WAR built here: no
 * {@code web.xml}, no authstash code — {@code WEB-INF/lib} holds authstash-servlet, authstash-jaxrs and their runtime
 * dependencies (as Maven resolves them: {@code target/war-classpath.txt}), {@code WEB-INF/classes} the app's
 * classes and {@code authstash.json}.
 */
final class PayaraMicro implements AutoCloseable {
    static final String CONTEXT = "/app";
    private static final Duration BOOT = Duration.ofSeconds(300);

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraMicro(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    int port() {
        return port;
    }

    /** Builds the WAR and boots the server with {@code env}; returns once {@code readyPath} answers 200. */
    static PayaraMicro start(String authstashJson, String appPackage, Map<String, String> env, String readyPath)
            throws Exception {
        Path target = Paths.get("target").toAbsolutePath();
        Path war = buildWar(target.resolve("app.war"), authstashJson, appPackage);
        int port = freePort();
        Path log = target.resolve("payara-micro.log");
        ProcessBuilder pb = new ProcessBuilder(java21(), "-Xmx512m", "-jar", System.getProperty("authstash.payaraMicro"),
                "--nocluster", "--disablephonehome", "--port", String.valueOf(port),
                "--rootdir", target.resolve("payara-root").toString(), "--deploy", war.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process process = pb.start();
        PayaraMicro server = new PayaraMicro(process, port, log);
        try {
            server.awaitReady(readyPath);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(String readyPath) throws Exception {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + process.exitValue() + "; log: " + tail());
            }
            if (!booted()) { // the app answers before that, then is loaded once more: a request in between gets 404
                Thread.sleep(500);
                continue;
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + CONTEXT + readyPath)
                        .toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Payara Micro did not serve " + CONTEXT + readyPath + " within " + BOOT + "; log: " + tail());
    }

    /** Whether the log has Payara Micro's closing line ({@code Payara Micro 7... ready in N (ms)}). */
    private boolean booted() throws IOException {
        return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(") ready in ");
    }

    /** The server's log, for failure messages. */
    String tail() {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static Path buildWar(Path war, String authstashJson, String appPackage) throws IOException {
        String cp = Files.readString(Paths.get(System.getProperty("authstash.warClasspath")), StandardCharsets.UTF_8).trim();
        Path testClasses = Paths.get("target", "test-classes").toAbsolutePath();
        Path app = testClasses.resolve(appPackage.replace('.', '/'));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                Path p = Paths.get(entry);
                if (Files.isDirectory(p)) { // a reactor module's target/classes: jar it as the module would
                    String name = p.getParent().getParent().getFileName() + ".jar";
                    zip.putNextEntry(new ZipEntry("WEB-INF/lib/" + name));
                    zip.write(jar(p));
                } else {
                    zip.putNextEntry(new ZipEntry("WEB-INF/lib/" + p.getFileName()));
                    Files.copy(p, zip);
                }
                zip.closeEntry();
            }
            for (Path f : files(app)) {
                zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + testClasses.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/classes/authstash.json"));
            zip.write(authstashJson.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return war;
    }

    private static byte[] jar(Path dir) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            for (Path f : files(dir)) {
                jar.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * A Java 21+ to run Payara 7: {@code -Dauthstash.java21=/path/to/java}, else {@code JAVA21_HOME}, else this JVM
     * when it is 21+, else the newest JDK 21+ under {@code /usr/lib/jvm}.
     */
    static String java21() throws IOException {
        String given = System.getProperty("authstash.java21");
        if (given != null) {
            return given;
        }
        String home = System.getenv("JAVA21_HOME");
        if (home != null) {
            return Paths.get(home, "bin", "java").toString();
        }
        if (Runtime.version().feature() >= 21) {
            return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        }
        List<Path> found = new ArrayList<>();
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.filter(d -> Files.isRegularFile(d.resolve("bin/java")) && feature(d) >= 21).forEach(found::add);
            }
        }
        found.sort((a, b) -> Integer.compare(feature(b), feature(a)));
        if (found.isEmpty()) {
            throw new AssertionError("Payara Micro 7 needs Java 21 or later: set JAVA21_HOME or -Dauthstash.java21");
        }
        return found.get(0).resolve("bin/java").toString();
    }

    private static int feature(Path jdk) {
        try (InputStream in = Files.newInputStream(jdk.resolve("release"))) {
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
            return Integer.parseInt(v.split("[.+-]")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
