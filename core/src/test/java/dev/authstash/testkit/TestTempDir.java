package dev.authstash.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Removes what a module's tests leave in their temporary folder: the build points {@code java.io.tmpdir} of the test
 * JVM at a folder of its own under {@code target/} (the parent POM's surefire configuration), this listener makes it
 * when the test run opens and empties it when the run closes — folders of the test kit, of embedded Tomcat and
 * Jetty, of Spring Boot, of the database servers, whoever made them. Left alone when {@code java.io.tmpdir} is not
 * such a folder (its name must be {@code test-tmp}), so a run pointed at the system's folder removes nothing of
 * anyone else's. Registered through {@code META-INF/services}.
 */
public final class TestTempDir implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Path dir = ownFolder();
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Path dir = ownFolder();
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                children.forEach(TempDirs::delete);
            } catch (IOException e) {
                // best effort: the folder is under target/ and goes with the build
            }
        }
    }

    private static Path ownFolder() {
        String tmp = System.getProperty("java.io.tmpdir");
        if (tmp == null) {
            return null;
        }
        Path dir = Path.of(tmp).toAbsolutePath().normalize();
        return dir.getFileName() != null && dir.getFileName().toString().equals("test-tmp") ? dir : null;
    }
}
