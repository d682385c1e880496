package dev.authstash.route;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict one-pass percent-decoding as UTF-8; chars that are not escapes pass through unchanged. */
final class PercentDecoder {
    private PercentDecoder() {}

    /** @param path the whole path, for error messages */
    static String decode(String segment, String path) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder out = new StringBuilder(segment.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < segment.length()) {
            char c = segment.charAt(i);
            if (c != '%') {
                flush(bytes, out, path);
                out.append(c);
                i++;
                continue;
            }
            int high = i + 1 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0 || !isAscii(segment.charAt(i + 1)) || !isAscii(segment.charAt(i + 2))) {
                throw new IllegalArgumentException("request path has an invalid percent-escape at \""
                        + segment.substring(i, Math.min(i + 3, segment.length())) + "\" (expected %XX with two hex digits): "
                        + PathNormalizer.quote(path));
            }
            bytes.write(high * 16 + low);
            i += 3;
        }
        flush(bytes, out, path);
        return out.toString();
    }

    private static boolean isAscii(char c) {
        return c < 128;
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out, String path) {
        if (bytes.size() == 0) {
            return;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(
                    "request path has percent-escapes that are not valid UTF-8: " + PathNormalizer.quote(path));
        }
        bytes.reset();
    }
}
