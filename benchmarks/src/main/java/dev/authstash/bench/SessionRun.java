package dev.authstash.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.authstash.session.CreatedSession;
import dev.authstash.session.JdbcSessionDatabase;
import dev.authstash.session.SessionSettings;
import dev.authstash.session.SessionStore;
import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Session validation, one command: starts redis-server and an embedded PostgreSQL (zonky), creates
 * {@value #SESSIONS} sessions through {@link SessionStore} (Redis + PostgreSQL copy), counts the database
 * statements and Redis commands one lookup costs in each mode, then runs {@link SessionBenchmark} on 1 and 8
 * threads, then both lookups again in {@link Interleaved} rounds (ratios robust to a shared machine). Writes
 * {@code sessions-t1.json}, {@code sessions-t8.json} (JMH), {@code sessions-counts.json} and
 * {@code sessions-interleaved.json}. {@code -Dbench.jmh=false} skips the JMH part.
 */
public final class SessionRun {
    static final String JDBC_PROPERTY = "bench.jdbc.url";
    static final String TABLE = "authstash_session";
    static final int SESSIONS = 10_000;
    static final int COUNTED = 2_000;

    private SessionRun() {}

    /** 7-day sessions refreshed after a day: a lookup in the benchmark never writes. */
    static SessionSettings settings() {
        return new SessionSettings(Duration.ofDays(7), Duration.ofDays(1), true, false, "authstash.session_token",
                TABLE, List.of());
    }

    static HikariDataSource pool(String jdbcUrl) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername("postgres");
        c.setMaximumPoolSize(BenchRedis.POOL);
        c.setMinimumIdle(BenchRedis.POOL);
        return new HikariDataSource(c);
    }

    public static void main(String[] args) throws Exception {
        try (RedisProcess redisProcess = RedisProcess.launch(); Jedis jedis = redisProcess.jedis();
             EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            Map<String, Object> env = Results.environment(jedis);
            try (var c = pg.getPostgresDatabase().getConnection();
                 var rs = c.createStatement().executeQuery("show server_version")) {
                rs.next();
                env.put("postgres", rs.getString(1));
            }
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            System.setProperty(BenchRedis.URL_PROPERTY, redisProcess.url());
            Path file = Files.createTempFile("authstash-bench-sessions", ".tsv");
            Map<String, Object> counts;
            try (RedisStorage redis = BenchRedis.storage(); HikariDataSource pool = pool(jdbc)) {
                CountingDataSource counting = new CountingDataSource(pool);
                JdbcSessionDatabase db = new JdbcSessionDatabase(counting.dataSource(), TABLE);
                db.createTable();
                SessionStore store = new SessionStore(redis, db, settings(), Clock.systemUTC());
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    CreatedSession s = store.create("user-" + (i % 2_000), "10.0." + (i >> 8 & 255) + "." + (i & 255),
                            "Mozilla/5.0 (bench)", Map.of("role", "member"));
                    lines.add(s.token() + "\t" + s.session().id());
                }
                Files.write(file, lines);
                counts = count(store, db, counting, jedis, lines);
            }
            if (!"false".equals(System.getProperty("bench.jmh"))) {
                for (int t : RateLimitRun.THREADS) {
                    Jmh.run(SessionBenchmark.class, t, Results.dir().resolve("sessions-t" + t + ".json"),
                            "-D" + BenchRedis.URL_PROPERTY + "=" + redisProcess.url(), "-D" + JDBC_PROPERTY + "=" + jdbc,
                            "-D" + SessionBenchmark.FILE_PROPERTY + "=" + file);
                }
            }
            env.put("loadAfterJmh", Machine.loadAverage());
            env.put("sessions", SESSIONS);
            Results.write("sessions-counts.json", Map.of("environment", env, "perLookup", counts));
            System.setProperty(JDBC_PROPERTY, jdbc);
            System.setProperty(SessionBenchmark.FILE_PROPERTY, file.toString());
            SessionBenchmark b = new SessionBenchmark();
            b.setUp();
            List<Map<String, Object>> runs = new ArrayList<>();
            try {
                for (int t : RateLimitRun.THREADS) {
                    Map<String, Interleaved.Contender> c = new LinkedHashMap<>();
                    c.put("redis", Interleaved.java(b::redis));
                    c.put("postgres", Interleaved.java(b::postgres));
                    Map<String, Object> run = Interleaved.run(c, t, Jmh.quick() ? 2 : RateLimitRun.ROUNDS);
                    run.put("redisOverPostgres", Interleaved.ratio(run, "redis", "postgres"));
                    System.out.println("interleaved " + t + " threads: " + run.get("medianOpsPerSecond") + " "
                            + run.get("redisOverPostgres"));
                    runs.add(run);
                }
            } finally {
                b.tearDown();
            }
            env.put("loadAfter", Machine.loadAverage());
            Results.write("sessions-interleaved.json", Map.of("environment", env, "runs", runs));
            Files.deleteIfExists(file);
        }
    }

    /** Database statements and Redis commands per lookup, over {@value #COUNTED} lookups in each mode. */
    private static Map<String, Object> count(SessionStore store, JdbcSessionDatabase db, CountingDataSource counting,
                                             Jedis jedis, List<String> lines) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String mode : List.of("redis", "postgres")) {
            long sql0 = counting.statements();
            long cmd0 = redisCommands(jedis);
            for (int i = 0; i < COUNTED; i++) {
                String[] f = lines.get(i * 7 % lines.size()).split("\t");
                boolean found = mode.equals("redis") ? store.find(f[0]).isPresent()
                        : db.findActive(f[1], Instant.now()).isPresent();
                if (!found) {
                    throw new IllegalStateException(mode + ": a created session was not found");
                }
            }
            // the INFO call that reads the counter counts itself once
            long cmds = redisCommands(jedis) - cmd0 - 1;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lookups", COUNTED);
            m.put("sqlStatementsPerLookup", (double) (counting.statements() - sql0) / COUNTED);
            m.put("redisCommandsPerLookup", (double) cmds / COUNTED);
            out.put(mode, m);
            System.out.println("per lookup, " + mode + ": " + m);
        }
        return out;
    }

    private static long redisCommands(Jedis jedis) {
        return jedis.info("stats").lines().filter(l -> l.startsWith("total_commands_processed:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
    }
}
