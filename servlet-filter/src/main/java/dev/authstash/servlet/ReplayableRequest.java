package dev.authstash.servlet;

import dev.authstash.web.RequestDetails;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The request as rate-limit keys read it ({@link RequestDetails}) and as the application then gets it: when a
 * {@code body:} key read the body, {@code getInputStream()} and {@code getReader()} replay the bytes read, then
 * the rest. A body whose {@code Content-Length} exceeds the cap is never read. Non-blocking reads
 * ({@code setReadListener}) are served for a body read whole; a chunked body larger than the cap (read in part)
 * is replayed blocking only.
 */
final class ReplayableRequest extends HttpServletRequestWrapper implements RequestDetails {
    private byte[] read;
    private boolean whole;
    private ServletInputStream replay;

    ReplayableRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public String header(String name) {
        if (name.equalsIgnoreCase("Cookie")) {
            return Requests.cookieHeader((HttpServletRequest) getRequest());
        }
        return getHeader(name);
    }

    /**
     * The container's {@code getParameter(name)}: the query string, then a form body ({@code
     * application/x-www-form-urlencoded}), parsed once by the container — the very value a form login (Spring
     * Security's {@code UsernamePasswordAuthenticationFilter}) reads. Null when absent, or when a {@code body:} key
     * already read the body (the container can no longer parse it).
     */
    @Override
    public String parameter(String name) {
        if (read != null || replay != null) {
            return null;
        }
        try {
            return getRequest().getParameter(name);
        } catch (RuntimeException e) { // a malformed form body, over the container's limit
            return null;
        }
    }

    @Override
    public byte[] body(int maxBytes) {
        if (read != null || replay != null) {
            return whole ? read : null;
        }
        long length = getContentLengthLong();
        if (length > maxBytes) {
            return null;
        }
        try {
            read = super.getInputStream().readNBytes(maxBytes + 1);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            read = new byte[0];
            return null;
        }
        whole = read.length <= maxBytes;
        return whole ? read : null;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (read == null) {
            return super.getInputStream();
        }
        if (replay == null) {
            InputStream rest = whole ? InputStream.nullInputStream() : super.getInputStream();
            replay = new Replay(new SequenceInputStream(new ByteArrayInputStream(read), rest), whole);
        }
        return replay;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (read == null) {
            return super.getReader();
        }
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    /** The bytes read, then the rest of the container's stream. */
    private static final class Replay extends ServletInputStream {
        private final InputStream in;
        private final boolean whole;
        private boolean finished;

        Replay(InputStream in, boolean whole) {
            this.in = in;
            this.whole = whole;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished = b < 0;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            finished = n < 0;
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            if (!whole) {
                throw new IllegalStateException("a partly read oversized body can only be read blocking");
            }
            try {
                listener.onDataAvailable();
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
