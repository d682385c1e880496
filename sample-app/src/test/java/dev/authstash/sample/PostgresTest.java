package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DATABASE_URL pointing at a real PostgreSQL (embedded server binary), as a JDBC URL and as postgres://. */
class PostgresTest {
    private static EmbeddedPostgres postgres;
    private final Apps apps = new Apps();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void usersAndSessionRowsLiveInPostgresAndSessionsCrossInstancesThroughIt() throws Exception {
        Client a = new Client(apps.start("DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres")));
        Client b = new Client(apps.start("DATABASE_URL",
                "postgres://postgres:postgres@localhost:" + postgres.getPort() + "/postgres"));
        String email = Client.newEmail();
        String token = a.signUp(email);
        b.get("/api/auth/get-session", token).then().statusCode(200);
        b.signInRaw(email, Client.PASSWORD).then().statusCode(200);
        b.post("/api/auth/sign-out", null, token).then().statusCode(200);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT u.email_verified, count(s.id), count(s.revoked_at) FROM users u JOIN authstash_session s"
                             + " ON s.user_id = u.id WHERE u.email = '" + email + "' GROUP BY u.email_verified")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getInt(2)).isEqualTo(2);
            assertThat(rs.getInt(3)).isEqualTo(1); // preserveSessionInDatabase: the signed-out row is kept, revoked
        }
    }
}
