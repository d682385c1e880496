package dev.authstash.session;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The primary databases of the JDBC tests: H2 in memory and embedded PostgreSQL. */
enum Databases {
    H2, POSTGRES;

    private static final AtomicInteger TABLES = new AtomicInteger();

    DataSource dataSource() {
        if (this == POSTGRES) {
            return Postgres.dataSource();
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:authstash;DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** A fresh table (a new name per call) in this database. */
    JdbcSessionDatabase freshTable() {
        JdbcSessionDatabase db = new JdbcSessionDatabase(dataSource(), "authstash_session_" + TABLES.incrementAndGet());
        db.createTable();
        return db;
    }
}
