package dev.authstash.sample;

import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The primary database named by {@code DATABASE_URL}: a JDBC URL (H2 or PostgreSQL), a
 * {@code postgres://user:password@host:port/db} URL, or empty for a private in-memory H2 database.
 * H2 gets H2's own small connection pool; other databases a plain {@link DriverManager} source.
 */
final class Database implements AutoCloseable {
    private final String url;
    private final DataSource dataSource;
    private final JdbcConnectionPool pool;
    private final boolean privateMemory;

    private Database(String url, boolean privateMemory) {
        this.url = url;
        this.privateMemory = privateMemory;
        if (url.startsWith("jdbc:h2:")) {
            this.pool = JdbcConnectionPool.create(url, "", "");
            this.pool.setMaxConnections(32);
            this.dataSource = pool;
        } else if (url.startsWith("jdbc:")) {
            this.pool = null;
            this.dataSource = new DriverManagerSource(url);
        } else {
            throw new StartupException("DATABASE_URL: expected a JDBC URL (jdbc:postgresql://…, jdbc:h2:…) "
                    + "or postgres://user:password@host:port/db, got \"" + Redact.url(url) + "\"");
        }
    }

    /** Opens (does not yet connect to) the database; {@code databaseUrl} empty or null means in-memory H2. */
    static Database open(String databaseUrl) {
        String url = databaseUrl == null ? "" : databaseUrl.trim();
        if (url.isEmpty()) {
            return new Database("jdbc:h2:mem:authstash-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", true);
        }
        return new Database(url.startsWith("postgres://") || url.startsWith("postgresql://") ? toJdbc(url) : url,
                false);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL without password, for the start-up banner. */
    String describe() {
        return privateMemory ? "embedded H2 in memory (set DATABASE_URL to keep data)" : Redact.url(url);
    }

    @Override
    public void close() {
        if (privateMemory) {
            try (Connection c = dataSource.getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            } catch (SQLException ignored) {
                // already gone
            }
        }
        if (pool != null) {
            pool.dispose();
        }
    }

    static String toJdbc(String url) {
        URI uri = URI.create(url);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        String info = uri.getRawUserInfo();
        char sep = '?';
        if (info != null) {
            int colon = info.indexOf(':');
            jdbc.append("?user=").append(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                jdbc.append("&password=").append(info.substring(colon + 1));
            }
            sep = '&';
        }
        String query = uri.getRawQuery(); // sslmode, sslrootcert, options …: the driver reads them as they are
        if (query != null && !query.isEmpty()) {
            jdbc.append(sep).append(query);
        }
        return jdbc.toString();
    }

    /** A connection per call; for PostgreSQL in this demo (use a pool such as HikariCP in production). */
    private record DriverManagerSource(String url) implements DataSource {
        @Override public Connection getConnection() throws SQLException { return DriverManager.getConnection(url); }
        @Override public Connection getConnection(String user, String password) throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) {}
        @Override public void setLoginTimeout(int seconds) {}
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
