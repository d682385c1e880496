package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresSmokeTest {
    @Test
    void answersQueries() throws Exception {
        try (var c = Postgres.dataSource().getConnection(); var rs = c.createStatement().executeQuery("select 41 + 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
