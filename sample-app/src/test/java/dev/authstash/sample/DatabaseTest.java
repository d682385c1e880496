package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void herokuStylePostgresUrlsBecomeJdbcUrls() {
        assertThat(Database.toJdbc("postgres://app:s3cret@db.example.com:5433/shop"))
                .isEqualTo("jdbc:postgresql://db.example.com:5433/shop?user=app&password=s3cret");
        assertThat(Database.toJdbc("postgresql://db/shop")).isEqualTo("jdbc:postgresql://db/shop");
    }

    @Test
    void theQueryOfAPostgresUrlIsKept() {
        assertThat(Database.toJdbc("postgres://app:s3cret@db.example.com/shop?sslmode=verify-full&connectTimeout=5"))
                .isEqualTo("jdbc:postgresql://db.example.com/shop?user=app&password=s3cret&sslmode=verify-full"
                        + "&connectTimeout=5");
        assertThat(Database.toJdbc("postgres://db/shop?sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/shop?sslmode=require");
    }

    @Test
    void describeNeverShowsPasswords() {
        try (Database db = Database.open("jdbc:h2:mem:x;USER=sa;PASSWORD=topsecret")) {
            assertThat(db.describe()).doesNotContain("topsecret").contains("jdbc:h2:mem:x");
        }
        assertThat(Redact.url("redis://user:pw@host:6379/0")).isEqualTo("redis://user:***@host:6379/0");
        assertThat(Redact.url("rediss://:pw@host:6380")).isEqualTo("rediss://:***@host:6380");
        assertThat(Redact.url("jdbc:postgresql://h/db?user=a&password=b")).isEqualTo("jdbc:postgresql://h/db?user=a&password=***");
    }

    @Test
    void unsetMeansAPrivateInMemoryDatabaseThatCloseDiscards() throws Exception {
        Database db = Database.open("");
        Users users = new Users(db.dataSource());
        users.createTable();
        assertThat(users.create("a@example.com", "A", "h")).isPresent();
        assertThat(users.create("a@example.com", "B", "h")).isEmpty();
        assertThat(db.describe()).contains("embedded H2 in memory");
        Database other = Database.open("");
        try (Connection c = other.dataSource().getConnection()) {
            assertThat(c.getMetaData().getTables(null, "PUBLIC", "USERS", null).next()).isFalse();
        }
        other.close();
        db.close();
    }

    @Test
    void otherUrlsAreRejectedNamingTheVariable() {
        assertThatThrownBy(() -> Database.open("mysql://u:p@h/db")).hasMessageContaining("DATABASE_URL")
                .hasMessageNotContaining(":p@");
    }
}
