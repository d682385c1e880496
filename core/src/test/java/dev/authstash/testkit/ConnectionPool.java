package dev.authstash.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Reusable {@link Resp} connections to one redis-server, for {@link UpstashEndpoint}'s handler threads. */
final class ConnectionPool implements AutoCloseable {
    private final int port;
    private final ConcurrentLinkedDeque<Resp> idle = new ConcurrentLinkedDeque<>();

    ConnectionPool(int port) {
        this.port = port;
    }

    /**
     * Runs {@code commands} in order on one connection (so MULTI … EXEC stays together).
     *
     * @return one reply each; a connection failure becomes an error reply for each command not answered
     */
    List<Object> call(List<List<String>> commands) {
        Resp c = idle.pollFirst();
        List<Object> out = new ArrayList<>(commands.size());
        try {
            if (c == null) {
                c = new Resp(port);
            }
            for (List<String> command : commands) {
                out.add(c.call(command));
            }
            idle.addFirst(c);
            c = null;
        } catch (IOException e) {
            while (out.size() < commands.size()) {
                out.add(new Resp.Error("ERR redis unavailable: " + e.getMessage()));
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (Resp c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }
}
