package dev.authstash.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One HTTP/1.1 request written byte for byte (any Host, repeated headers), and its parsed answer. */
record Raw(int status, List<String> headers, String body) {

    /** @param headerLines full lines such as {@code Cookie: a=b}; a Host line is added unless one is given */
    static Raw send(int port, String method, String target, String body, String... headerLines) {
        StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (String h : headerLines) {
            host |= h.regionMatches(true, 0, "Host:", 0, 5);
            req.append(h).append("\r\n");
        }
        if (!host) {
            req.append("Host: localhost:").append(port).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        req.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return parse(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Raw parse(String response) {
        int end = response.indexOf("\r\n\r\n");
        String[] lines = response.substring(0, end).split("\r\n");
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
    }

    /** Every value of header {@code name}. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String h : headers) {
            if (h.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                out.add(h.substring(name.length() + 1).trim());
            }
        }
        return out;
    }
}
