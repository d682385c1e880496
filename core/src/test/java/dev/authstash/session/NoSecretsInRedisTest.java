package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.token.OneTimeSettings;
import dev.authstash.token.OneTimeTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/** After a workload of every kind, Redis holds no secret in clear and no key without a TTL. */
class NoSecretsInRedisTest {

    @Test
    void noTokenOrCodeInClearAndEveryKeyExpires() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        JdbcSessionDatabase db = Databases.H2.freshTable();
        List<String> secrets = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        try (SecondaryStorage storage = Backend.REDIS.open(clock)) {
            SessionStore sessions = new SessionStore(storage, db, Modes.storeInDatabase(true), clock);
            OneTimeTokens oneTime = new OneTimeTokens(storage, OneTimeSettings.defaults());
            List<CreatedSession> created = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                created.add(sessions.create("user-" + (i % 4), "192.0.2." + i, "agent", Map.of("n", "" + i)));
            }
            clock.advance(Duration.ofDays(1));
            created.forEach(c -> sessions.find(c.token()));
            sessions.revoke(created.get(0).token());
            sessions.revokeOthers("user-1", created.get(1).token());
            String legacy = "legacyToken0123456789abcdefghij";
            DatabaseModeTest.insertRow(Databases.H2, db, SessionTokens.hash(legacy), "user-9", clock.instant(),
                    clock.instant().plus(Duration.ofDays(1)));
            assertThat(sessions.find(legacy)).isPresent();
            secrets.add(legacy);
            for (CreatedSession c : created) {
                secrets.add(c.token());
                secrets.add(c.token().substring(0, c.token().indexOf('.')));
            }
            for (int i = 0; i < 10; i++) {
                secrets.add(oneTime.issuePasswordReset("r" + i + "@example.com"));
                secrets.add(oneTime.issueEmailVerification("v" + i + "@example.com"));
                String code = oneTime.issueOtp("sign-in", "o" + i + "@example.com");
                codes.add(code);
                oneTime.verifyOtp("sign-in", "o" + i + "@example.com", i % 2 == 0 ? code : "000000");
            }
            oneTime.consumePasswordReset(secrets.get(secrets.size() - 2));
        }
        int keys = 0;
        try (Jedis j = Backend.redisProcess().jedis()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, new ScanParams().count(500));
                for (String key : page.getResult()) {
                    keys++;
                    List<String> texts = new ArrayList<>(List.of(key));
                    String type = j.type(key);
                    if (type.equals("string")) {
                        texts.add(j.get(key));
                    } else if (type.equals("zset")) {
                        for (Tuple t : j.zrangeWithScores(key, 0, -1)) {
                            texts.add(t.getElement() + " " + t.getScore());
                        }
                    } else {
                        throw new AssertionError("unexpected " + type + " at " + key);
                    }
                    assertThat(j.pttl(key)).as("TTL of %s", key).isNotEqualTo(-1L);
                    for (String text : texts) {
                        for (String secret : secrets) {
                            assertThat(text).as("at %s", key).doesNotContain(secret);
                        }
                        for (String code : codes) {
                            assertThat(Pattern.compile("(?<![0-9])" + code + "(?![0-9])").matcher(text).find())
                                    .as("OTP %s at %s", code, key).isFalse();
                        }
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertThat(keys).isGreaterThan(30);
    }
}
