package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * get-session answers from the session alone: the user's public fields travel in the session's attributes, so no
 * SQL statement runs (counted by H2's {@code INFORMATION_SCHEMA.QUERY_STATISTICS}), on memory storage and on Redis;
 * verify-email changes every session of the user at once. The JSON shape stays Better Auth's {session, user}.
 */
class GetSessionWithoutSqlTest {
    private static RedisProcess redis;
    private final Apps apps = new Apps();
    private final String db = Apps.sharedH2();

    @BeforeAll
    static void launchRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @AfterEach
    void stop() throws SQLException {
        apps.close();
        if (stats != null) {
            stats.close();
        }
    }

    private Client start(String storage) {
        return new Client(storage.equals("redis") ? apps.start("DATABASE_URL", db, "REDIS_URL", redis.url(),
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(Apps.bundledConfigWithTestTimeouts()))
                : apps.start("DATABASE_URL", db));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void getSessionRunsNoSqlAndKeepsItsShape(String storage) throws SQLException {
        Client client = start(storage);
        String email = Client.newEmail();
        String token = client.signUp(email);
        resetStatistics();
        for (int i = 0; i < 20; i++) {
            Response r = client.get("/api/auth/get-session", token);
            r.then().statusCode(200).body("user.email", equalTo(email)).body("user.name", equalTo("Ada"))
                    .body("user.emailVerified", equalTo(false)).body("session.userId", equalTo(r.path("user.id")));
            assertThat(r.jsonPath().getMap("$")).containsOnlyKeys("session", "user");
            assertThat(r.jsonPath().getMap("user")).containsOnlyKeys("id", "email", "name", "emailVerified");
            assertThat(r.jsonPath().getMap("session")).containsOnlyKeys("id", "userId", "createdAt", "updatedAt",
                    "expiresAt", "ipAddress", "userAgent");
        }
        assertThat(statements()).as("SQL statements run by 20 get-sessions").isEmpty();
        client.signIn(email);
        assertThat(statements()).as("the counter sees sign-in's password check")
                .anySatisfy(sql -> assertThat(sql).contains("FROM users WHERE email"));
        client.get("/api/auth/get-session", null).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void verifyEmailShowsOnEverySessionOfTheUserAtOnce(String storage) throws SQLException {
        Client client = start(storage);
        String email = Client.newEmail();
        String first = client.signUp(email);
        String second = client.signIn(email);
        String other = client.signUp(Client.newEmail());
        client.post("/api/auth/email-otp/send-verification-otp", Map.of("email", email, "type", "email-verification"))
                .then().statusCode(200);
        List<Map<String, String>> messages = client.outbox(email).jsonPath().getList("$");
        String otp = messages.get(messages.size() - 1).get("otp");
        client.post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", otp)).then().statusCode(200);
        resetStatistics();
        for (String token : List.of(first, second)) {
            client.get("/api/auth/get-session", token).then().statusCode(200).body("user.emailVerified", equalTo(true));
        }
        client.get("/api/auth/get-session", other).then().statusCode(200).body("user.emailVerified", equalTo(false));
        assertThat(statements()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aSessionWithoutTheUserFieldsIsAnsweredFromTheUsersTable() throws SQLException {
        Running app = apps.start("DATABASE_URL", db);
        Client client = new Client(app);
        String email = Client.newEmail();
        String userId = client.post("/api/auth/sign-up/email",
                Map.of("email", email, "password", Client.PASSWORD, "name", "Ada")).path("user.id");
        String legacy = app.authstash().sessions().create(userId, null, null, null).token(); // made before this change
        resetStatistics();
        Response r = client.get("/api/auth/get-session", legacy);
        r.then().statusCode(200).body("user.id", equalTo(userId)).body("user.email", equalTo(email))
                .body("user.emailVerified", equalTo(false));
        assertThat(r.jsonPath().getMap("user")).containsOnlyKeys("id", "email", "name", "emailVerified");
        assertThat(statements()).filteredOn(sql -> !sql.endsWith("ROLLBACK")) // the pool's, on giving a connection back
                .singleElement().asString().startsWith("1 x SELECT").contains("FROM users WHERE id");
    }

    private Connection stats;

    /** The test's own connection, opened once: opening one runs a statement ({@code SET DB_CLOSE_DELAY}). */
    private Connection h2() throws SQLException {
        if (stats == null) {
            stats = DriverManager.getConnection(db, "", "");
        }
        return stats;
    }

    /** Turns statement statistics on for the whole database and empties them. */
    private void resetStatistics() throws SQLException {
        try (Statement s = h2().createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
        }
    }

    /** Statements run since {@link #resetStatistics()}, without the reads of the statistics themselves. */
    private List<String> statements() throws SQLException {
        try (Statement s = h2().createStatement();
             ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                String sql = rs.getString(1).toUpperCase(java.util.Locale.ROOT);
                if (!sql.contains("INFORMATION_SCHEMA") && !sql.startsWith("SET QUERY_STATISTICS")) {
                    out.add(rs.getLong(2) + " x " + rs.getString(1));
                }
            }
            return out;
        }
    }
}
