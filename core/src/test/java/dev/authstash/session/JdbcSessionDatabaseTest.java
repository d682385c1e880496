package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcSessionDatabaseTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

    private static Session session(String id, String user, Instant expires) {
        return new Session(id, user, T0, T0, expires, "203.0.113.9", "curl/8", Map.of("device", "laptop"));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void roundTripsRowsWithMillisecondTimesAndAttributes(Databases which) {
        JdbcSessionDatabase db = which.freshTable();
        Session s = session("h1", "u1", T0.plusSeconds(3600));
        db.insert(s);
        assertThat(db.findActive("h1", T0)).contains(s);
        assertThat(db.findActive("h1", T0.plusSeconds(3600))).isEmpty();
        assertThat(db.updateExpiry("h1", T0.plusSeconds(10), T0.plusSeconds(7200))).isTrue();
        assertThat(db.findActive("h1", T0.plusSeconds(3600))).get()
                .extracting(Session::expiresAt).isEqualTo(T0.plusSeconds(7200));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void revokedRowsStayButAreNeverActiveAgain(Databases which) {
        JdbcSessionDatabase db = which.freshTable();
        db.insert(session("h1", "u1", T0.plusSeconds(3600)));
        db.revoke("h1", T0.plusSeconds(5));
        assertThat(db.findActive("h1", T0)).isEmpty();
        assertThat(db.updateExpiry("h1", T0, T0.plusSeconds(99_999))).as("a revoked row").isFalse();
        assertThat(db.updateExpiry("gone", T0, T0.plusSeconds(99_999))).as("no row").isFalse();
        assertThat(db.findActive("h1", T0)).isEmpty();
        assertThat(rowCount(which, db)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void perUserOperationsSpareTheKeptRowAndOtherUsers(Databases which) {
        JdbcSessionDatabase db = which.freshTable();
        for (String id : new String[] {"a", "b", "c"}) {
            db.insert(session(id, "u1", T0.plusSeconds(3600)));
        }
        db.insert(session("z", "u2", T0.plusSeconds(3600)));
        assertThat(db.findActiveByUser("u1", T0)).extracting(Session::id).containsExactly("a", "b", "c");
        db.revokeAllForUser("u1", "b", T0.plusSeconds(1));
        assertThat(db.findActiveByUser("u1", T0)).extracting(Session::id).containsExactly("b");
        db.deleteAllForUser("u1", null);
        assertThat(db.findActiveByUser("u1", T0)).isEmpty();
        assertThat(db.findActive("z", T0)).isPresent();
        db.delete("z");
        assertThat(db.findActive("z", T0)).isEmpty();
    }

    @Test
    void refusesTableNamesThatAreNotIdentifiers() {
        assertThatThrownBy(() -> new JdbcSessionDatabase(new JdbcDataSource(), "s; DROP TABLE users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session.tableName: expected an SQL identifier like authstash_session or schema.table,"
                        + " got \"s; DROP TABLE users\"");
    }

    private static int rowCount(Databases which, JdbcSessionDatabase db) {
        try (var c = which.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + tableOf(db))) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tableOf(JdbcSessionDatabase db) {
        return db.tableName();
    }
}
