package dev.authstash.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends request bytes exactly as written (no client-side normalization) and reads the status code. */
final class RawHttp {
    private RawHttp() {}

    /** @param target the request-target exactly as sent, e.g. {@code /shop//api/auth/x} */
    static int get(int port, String target, String... headerLines) throws IOException {
        StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return status(send(port, req.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    static String send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading a huge request; read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    response.write(buffer, 0, n);
                }
            } catch (IOException e) {
                if (response.size() == 0) {
                    throw e;
                }
            }
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static int status(String response) {
        if (!response.startsWith("HTTP/1.1 ")) {
            throw new IllegalStateException("not an HTTP response: " + response);
        }
        return Integer.parseInt(response.substring(9, 12));
    }
}
