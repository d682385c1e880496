package dev.authstash.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * {@link SessionDatabase} over plain JDBC. Times are stored as UTC {@code TIMESTAMP}s (millisecond
 * precision); see {@code docs/sessions.md} for the DDL of PostgreSQL, MySQL/MariaDB and H2.
 * Every method runs one statement in auto-commit ({@link #updateAttributes}: one transaction); {@link SQLException}s become {@link IllegalStateException}s.
 */
public final class JdbcSessionDatabase implements SessionDatabase {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final String COLUMNS =
            "id, user_id, created_at, updated_at, expires_at, ip_address, user_agent, attributes";
    private final DataSource dataSource;
    private final String table;

    /** @param tableName plain or schema-qualified SQL identifier, e.g. {@code authstash_session} */
    public JdbcSessionDatabase(DataSource dataSource, String tableName) {
        this.dataSource = java.util.Objects.requireNonNull(dataSource, "dataSource");
        if (tableName == null || !NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("session.tableName: expected an SQL identifier like authstash_session"
                    + " or schema.table, got \"" + tableName + "\"");
        }
        this.table = tableName;
    }

    /** The table this database reads and writes. */
    public String tableName() {
        return table;
    }

    /** Creates the table and its user index if absent (portable DDL for H2 and PostgreSQL). */
    public void createTable() {
        String idx = table.replace('.', '_') + "_user_idx";
        run("CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) PRIMARY KEY, user_id VARCHAR(255) NOT NULL,"
                + " created_at TIMESTAMP(3) NOT NULL, updated_at TIMESTAMP(3) NOT NULL, expires_at TIMESTAMP(3) NOT NULL,"
                + " revoked_at TIMESTAMP(3), ip_address VARCHAR(64), user_agent VARCHAR(512), attributes VARCHAR(4000))");
        run("CREATE INDEX IF NOT EXISTS " + idx + " ON " + table + " (user_id)");
    }

    @Override
    public void insert(Session s) {
        update("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.userId(),
                s.createdAt(), s.updatedAt(), s.expiresAt(), s.ipAddress(), s.userAgent(),
                SessionJson.writeAttributes(s.attributes()));
    }

    @Override
    public Optional<Session> findActive(String id, Instant now) {
        List<Session> rows = query("SELECT " + COLUMNS + " FROM " + table
                + " WHERE id = ? AND revoked_at IS NULL AND expires_at > ?", id, now);
        return rows.stream().findFirst();
    }

    @Override
    public boolean updateExpiry(String id, Instant updatedAt, Instant expiresAt) {
        return update("UPDATE " + table + " SET updated_at = ?, expires_at = ? WHERE id = ? AND revoked_at IS NULL",
                updatedAt, expiresAt, id);
    }

    @Override
    public void revoke(String id, Instant at) {
        update("UPDATE " + table + " SET revoked_at = ?, expires_at = CASE WHEN expires_at > ? THEN ? ELSE expires_at END"
                + " WHERE id = ? AND revoked_at IS NULL", at, at, at, id);
    }

    @Override
    public void delete(String id) {
        update("DELETE FROM " + table + " WHERE id = ?", id);
    }

    @Override
    public List<Session> findActiveByUser(String userId, Instant now) {
        return query("SELECT " + COLUMNS + " FROM " + table
                + " WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at, id", userId, now);
    }

    @Override
    public void revokeAllForUser(String userId, String exceptId, Instant at) {
        update("UPDATE " + table + " SET revoked_at = ?, expires_at = CASE WHEN expires_at > ? THEN ? ELSE expires_at END"
                + " WHERE user_id = ? AND revoked_at IS NULL AND id <> ?", at, at, at, userId, exceptId == null ? "" : exceptId);
    }

    @Override
    public void deleteAllForUser(String userId, String exceptId) {
        update("DELETE FROM " + table + " WHERE user_id = ? AND id <> ?", userId, exceptId == null ? "" : exceptId);
    }

    /** One transaction: the user's active rows read {@code FOR UPDATE}, then each updated while unrevoked. */
    @Override
    public int updateAttributes(String userId, UnaryOperator<Map<String, String>> change, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Map<String, String> rows = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, attributes FROM " + table
                        + " WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY id FOR UPDATE")) {
                    bind(ps, userId, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.put(rs.getString(1), SessionJson.writeAttributes(
                                    change.apply(SessionJson.readAttributes(rs.getString(2)))));
                        }
                    }
                }
                int changed = 0;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
                        + " SET attributes = ? WHERE id = ? AND revoked_at IS NULL")) {
                    for (Map.Entry<String, String> row : rows.entrySet()) {
                        bind(ps, row.getValue(), row.getKey());
                        changed += ps.executeUpdate();
                    }
                }
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void run(String sql) {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** @return whether a row changed */
    private boolean update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private List<Session> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<Session> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Session(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), instant(rs, 5),
                            rs.getString(6), rs.getString(7), SessionJson.readAttributes(rs.getString(8))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t), utc());
            } else {
                ps.setString(i + 1, (String) params[i]);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getTimestamp(column, utc()).toInstant();
    }

    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    private IllegalStateException failure(SQLException e) {
        return new IllegalStateException("session table " + table + ": " + e.getMessage(), e);
    }
}
