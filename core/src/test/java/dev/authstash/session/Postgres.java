package dev.authstash.session;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/**
 * One embedded PostgreSQL per test JVM (zonky, which ships the server binary). As root, zonky itself runs
 * {@code initdb} and {@code pg_ctl} under {@code unshare -U}, so nothing else is needed here.
 */
final class Postgres {
    private static EmbeddedPostgres server;

    private Postgres() {}

    static synchronized DataSource dataSource() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server.getPostgresDatabase();
    }
}
