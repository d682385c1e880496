package dev.authstash.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The test kit's temporary folders: made under {@code java.io.tmpdir}, removed with everything in them. */
final class TempDirs {
    private TempDirs() {
    }

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes {@code dir} and its contents; best effort (a file a dying server still writes is retried once). */
    static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            dir.toFile().delete();
            return;
        }
        for (int attempt = 0; attempt < 2 && Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // retried once; a leftover is harmless to the test
            }
        }
    }
}
