package dev.authstash.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.authstash.session.JdbcSessionDatabase;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStore;
import dev.authstash.storage.RedisStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Validating one session token, picked uniformly from the sessions {@link SessionRun} created:
 * {@code redis} = {@link SessionStore#find} with the sessions in Redis and the PostgreSQL copy on
 * ({@code storeSessionInDatabase}), {@code postgres} = the same lookup from PostgreSQL over JDBC
 * ({@link JdbcSessionDatabase#findActive}, the query authstash runs on a miss, over a HikariCP pool).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionBenchmark {
    static final String FILE_PROPERTY = "bench.sessions.file";

    private String[] tokens;
    private String[] ids;
    private RedisStorage redis;
    private HikariDataSource pool;
    private SessionStore store;
    private JdbcSessionDatabase database;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty(FILE_PROPERTY)));
        tokens = new String[lines.size()];
        ids = new String[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split("\t");
            tokens[i] = f[0];
            ids[i] = f[1];
        }
        redis = BenchRedis.storage();
        pool = SessionRun.pool(System.getProperty(SessionRun.JDBC_PROPERTY));
        database = new JdbcSessionDatabase(pool, SessionRun.TABLE);
        store = new SessionStore(redis, database, SessionRun.settings(), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redis.close();
        pool.close();
    }

    private int pick() {
        return ThreadLocalRandom.current().nextInt(tokens.length);
    }

    private static Session found(Optional<Session> s) {
        return s.orElseThrow(() -> new IllegalStateException("session not found: the benchmark data is wrong"));
    }

    @Benchmark
    public Session redis() {
        return found(store.find(tokens[pick()]));
    }

    @Benchmark
    public Session postgres() {
        return found(database.findActive(ids[pick()], Instant.now()));
    }
}
