package dev.authstash.ratelimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw {@code MONITOR} connection: records every command the server runs, in order. Commands run by scripts
 * carry {@code [db lua]}; {@link #clientCommands()} leaves them out, so what remains is what crossed the network.
 */
final class RedisMonitor implements AutoCloseable {
    private static final String MARKER = "authstash-monitor-marker";
    private final int port;
    private final Socket socket;
    private final BufferedReader in;

    RedisMonitor(int port) throws IOException {
        this.port = port;
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String ok = in.readLine();
        if (!"+OK".equals(ok)) {
            throw new IOException("MONITOR answered " + ok);
        }
    }

    /** Command names (lower case) sent by clients since MONITOR began, up to a marker sent now. */
    List<String> clientCommands() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("ECHO " + MARKER + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().read(new byte[64]);
        }
        List<String> names = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.contains(MARKER); line = in.readLine()) {
            if (!line.contains(" lua]")) {
                int q = line.indexOf("] \"");
                names.add(line.substring(q + 3, line.indexOf('"', q + 3)).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
