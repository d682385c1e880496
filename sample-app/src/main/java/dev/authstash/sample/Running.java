package dev.authstash.sample;

import dev.authstash.Authstash;
import org.eclipse.jetty.server.Server;

/** A started sample app instance: its port, and {@link #close()} to stop it and release Redis and the database. */
public final class Running implements AutoCloseable {
    private final Server server;
    private final Authstash authstash;
    private final Database database;
    private final int port;
    private boolean closed;

    Running(Server server, Authstash authstash, Database database, int port) {
        this.server = server;
        this.authstash = authstash;
        this.database = database;
        this.port = port;
    }

    /** The port actually bound (useful with {@code PORT=0}). */
    public int port() {
        return port;
    }

    /** This instance's authstash (tests). */
    Authstash authstash() {
        return authstash;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Blocks until the server stops. */
    public void join() {
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(server, authstash, database);
        }
    }

    static void closeQuietly(Server server, Authstash authstash, Database database) {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("stopping Jetty: " + e);
            }
        }
        if (authstash != null) {
            authstash.close();
        }
        database.close();
    }
}
