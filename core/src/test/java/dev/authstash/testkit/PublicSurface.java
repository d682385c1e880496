package dev.authstash.testkit;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A module's public surface, kept on purpose: the public top-level types of its compiled classes
 * ({@code target/classes}) against the list checked in as a test resource ({@code public-api.txt}, one class name
 * per line, {@code #} comments). A new public type fails the module's build until it is listed (and documented in
 * the README's "Public API" section) or made package-private; a listed type that is gone or no longer public fails
 * too, so the list stays the truth.
 */
public final class PublicSurface {
    private PublicSurface() {}

    /** The differences, one line each ({@code + type} public but not listed, {@code - type} listed but not public). */
    public static List<String> differences(String listResource) {
        Set<String> listed = listed(listResource);
        Set<String> actual = publicTypes(Path.of("target", "classes"));
        List<String> out = new ArrayList<>();
        for (String t : actual) {
            if (!listed.contains(t)) {
                out.add("+ " + t + "  (public, not in " + listResource + ": list it and document it in the README's"
                        + " Public API section, or make it package-private)");
            }
        }
        for (String t : listed) {
            if (!actual.contains(t)) {
                out.add("- " + t + "  (listed in " + listResource + ", but not a public type any more)");
            }
        }
        return out;
    }

    /**
     * The public top-level types under {@code classes}, read from the class files' access flags (no class is loaded,
     * so types that need an optional dependency are seen too).
     */
    public static Set<String> publicTypes(Path classes) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String rel = classes.relativize(p).toString().replace('\\', '/');
                if (!rel.endsWith(".class") || rel.contains("$") || rel.endsWith("module-info.class")
                        || rel.endsWith("package-info.class")) {
                    continue;
                }
                if ((accessFlags(p) & 0x0001) != 0) { // ACC_PUBLIC
                    out.add(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The class's access flags: after the magic, the versions and the constant pool (JVMS 4.1). */
    private static int accessFlags(Path classFile) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(classFile)))) {
            in.readInt();
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> in.readUTF();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++; // takes two entries
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            return in.readUnsignedShort();
        }
    }

    private static Set<String> listed(String resource) {
        try (InputStream in = PublicSurface.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            Set<String> out = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
