package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitKeysTest {
    private static final RateLimitRule RULE = new RateLimitRule("/sign-in/email", 60, 5, Algorithm.FIXED_WINDOW);
    private static final String SHAPE = "rl:\\{[A-Za-z0-9_-]{22}\\}";

    @Test
    void hostileClientKeysGiveDistinctBoundedKeysWithOneHashTag() {
        List<String> clients = List.of("1.2.3.4", "1.2.3.4:", ":1.2.3.4", "a}b", "{x}", "}", "{", "a\nb", "a\n",
                "x".repeat(10_240), "x".repeat(10_241), "", "rl:{abc}", "1.2.3.4\n60", "a\uD800", "a\uD801", "a?",
                "\u0000", "é");
        Set<String> keys = new HashSet<>();
        for (String c : clients) {
            String key = RateLimitKeys.of(RULE, c);
            assertThat(key).matches(SHAPE).hasSize(27);
            assertThat(key.chars().filter(ch -> ch == '{').count()).isEqualTo(1);
            keys.add(key);
        }
        assertThat(keys).hasSize(clients.size());
        assertThat(RateLimitKeys.of(RULE, "1.2.3.4")).isEqualTo(RateLimitKeys.of(RULE, "1.2.3.4"));
    }

    @Test
    void everyRuleFieldIsPartOfTheKey() {
        String base = RateLimitKeys.of(RULE, "c");
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-up/email", 60, 5, Algorithm.FIXED_WINDOW), "c"))
                .isNotEqualTo(base);
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-in/email", 61, 5, Algorithm.FIXED_WINDOW), "c"))
                .isNotEqualTo(base);
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-in/email", 60, 6, Algorithm.FIXED_WINDOW), "c"))
                .isNotEqualTo(base);
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-in/email", 60, 5, Algorithm.TOKEN_BUCKET), "c"))
                .isNotEqualTo(base);
    }

    @Test
    void localKeysAreDistinctForHostileClientsAndRulesAndNeverLookHashed() {
        List<String> clients = List.of("1.2.3.4", "1.2.3.4:", ":1.2.3.4", "a}b", "{x}", "", "rl:{abc}", "1.2.3.4\n60",
                "a\uD800", "\u0000", "é", "5\n", "\n5");
        List<RateLimitRule> rules = List.of(RULE, new RateLimitRule("/sign-in/email\nfixed-window", 60, 5,
                Algorithm.FIXED_WINDOW), new RateLimitRule("/sign-in/emai", 60, 5, Algorithm.FIXED_WINDOW),
                new RateLimitRule("/sign-in/email", 6, 5, Algorithm.FIXED_WINDOW),
                new RateLimitRule("/sign-in/email", 60, 5, Algorithm.TOKEN_BUCKET));
        Set<String> keys = new HashSet<>();
        for (RateLimitRule rule : rules) {
            for (String c : clients) {
                String key = RateLimitKeys.local(rule, c, "");
                assertThat(key).doesNotStartWith("rl:").endsWith(c);
                keys.add(key);
                keys.add(RateLimitKeys.local(rule, c, "\npath=/x"));
            }
        }
        assertThat(keys).hasSize(rules.size() * clients.size() * 2);
        RateLimitRule equal = new RateLimitRule("/sign-in/email", 60, 5, Algorithm.FIXED_WINDOW);
        assertThat(RateLimitKeys.local(equal, "c", "")).isEqualTo(RateLimitKeys.local(RULE, "c", ""));
        assertThat(RateLimitKeys.local(RULE, "c", "\npath=/x")).isEqualTo(RateLimitKeys.local(RULE, "c\npath=/x", ""));
    }

    /** A client key beyond the bound (a body field may be 64 KiB) is hashed, so an entry stays small. */
    @Test
    void longLocalClientKeysAreHashed() {
        String atBound = "x".repeat(RateLimitKeys.LOCAL_CLIENT_MAX);
        assertThat(RateLimitKeys.local(RULE, atBound, "")).endsWith(atBound);
        String longer = "x".repeat(RateLimitKeys.LOCAL_CLIENT_MAX - 3);
        assertThat(RateLimitKeys.local(RULE, longer, "\np=/")).isEqualTo(RateLimitKeys.of(RULE, longer, "\np=/"))
                .matches(SHAPE);
        assertThat(RateLimitKeys.local(RULE, "x".repeat(65_536), "")).matches(SHAPE);
    }

    /** Keys stay those of the version before the per-thread hasher: counters survive the upgrade. */
    @Test
    void keysAreUnchangedFromTheJoinedMaterialFormat() throws Exception {
        List<String> clients = List.of("1.2.3.4", "2001:db8::/64", "a\uD800", "é", "x".repeat(700), "",
                "email=a@b.c\n", "1.2.3.4\npath=/x");
        for (RateLimitRule rule : List.of(RULE, new RateLimitRule("default", 10, 100, Algorithm.SLIDING_WINDOW),
                new RateLimitRule("/é/**#2", 86_400, 1_000_000_007L, Algorithm.TOKEN_BUCKET))) {
            for (String c : clients) {
                assertThat(RateLimitKeys.of(rule, c)).isEqualTo(reference(rule, c));
                assertThat(RateLimitKeys.of(rule, c, "\npath=/sign-in")).isEqualTo(reference(rule, c + "\npath=/sign-in"));
            }
        }
    }

    private static String reference(RateLimitRule rule, String clientKey) throws Exception {
        String material = rule.id() + '\n' + rule.algorithm().configName() + '\n' + rule.windowSeconds() + '\n'
                + rule.max() + '\n' + clientKey;
        byte[] bytes = new byte[material.length() * 2];
        for (int i = 0; i < material.length(); i++) {
            bytes[2 * i] = (byte) (material.charAt(i) >>> 8);
            bytes[2 * i + 1] = (byte) material.charAt(i);
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        return "rl:{" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "}";
    }
}
