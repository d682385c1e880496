package dev.authstash.jaxrs;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what slf4j-simple writes to {@code System.err} while a test step runs. */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    LogCapture() {
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** How many times {@code needle} occurs in the captured text. */
    int count(String needle) {
        return text().split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    @Override
    public void close() {
        System.setErr(original);
        System.err.print(text());
    }
}
