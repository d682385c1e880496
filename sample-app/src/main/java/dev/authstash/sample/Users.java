package dev.authstash.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code users} table of the primary database (H2 or PostgreSQL) over plain JDBC. Thread-safe. */
final class Users {
    private static final String COLUMNS = "id, email, name, password_hash, email_verified";
    private final DataSource db;

    Users(DataSource db) {
        this.db = db;
    }

    /** Creates the table if it does not exist. */
    void createTable() {
        run("CREATE TABLE IF NOT EXISTS users (id VARCHAR(36) PRIMARY KEY, email VARCHAR(320) NOT NULL UNIQUE, "
                + "name VARCHAR(200) NOT NULL, password_hash VARCHAR(200) NOT NULL, "
                + "email_verified BOOLEAN NOT NULL DEFAULT FALSE)");
    }

    /** Inserts a user; empty when the email is taken (decided by the unique constraint, so races are safe). */
    Optional<User> create(String email, String name, String passwordHash) {
        User user = new User(UUID.randomUUID().toString(), email, name, passwordHash, false);
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, user.id());
            ps.setString(2, email);
            ps.setString(3, name);
            ps.setString(4, passwordHash);
            ps.setBoolean(5, false);
            ps.executeUpdate();
            return Optional.of(user);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new DatabaseException(e);
        }
    }

    Optional<User> byEmail(String email) {
        return one("SELECT " + COLUMNS + " FROM users WHERE email = ?", email);
    }

    Optional<User> byId(String id) {
        return one("SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
    }

    void setPasswordHash(String id, String passwordHash) {
        update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id);
    }

    void markEmailVerified(String id) {
        update("UPDATE users SET email_verified = TRUE WHERE id = ?", id);
    }

    private Optional<User> one(String sql, String arg) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private void update(String sql, String... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private void run(String sql) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The primary database failed; answered as 500 without details. */
    static final class DatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseException(SQLException cause) {
            super("database error: " + cause.getMessage(), cause);
        }
    }
}
