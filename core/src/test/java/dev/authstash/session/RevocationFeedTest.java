package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cookie cache's local revocation set stays bounded whatever floods it, and misses nothing. */
class RevocationFeedTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));

    private Session session(String id, String user, Instant created) {
        return new Session(id, user, created, created, created.plus(Duration.ofDays(7)), null, null, Map.of());
    }

    @Test
    void aFloodBeyondTheBoundKeepsTheSetBoundedAndDistrustsOlderCookiesInstead() {
        RevocationFeed feed = new RevocationFeed(null, clock, Duration.ofSeconds(300));
        Session victim = session("victim-session", "user-1", clock.instant());
        long issued = clock.millis() - 1;
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < RevocationFeed.MAX_ENTRIES + 5000; i++) {
            feed.local(Revocation.one("tag", "garbage-" + i, clock.instant(), 0));
        }
        feed.local(Revocation.one("tag", victim.id(), clock.instant(), 0)); // did not fit: refused anyway
        assertThat(feed.size()).isEqualTo(RevocationFeed.MAX_ENTRIES);
        assertThat(feed.refuses(victim, issued)).isTrue();
        clock.advance(Duration.ofMillis(1));
        Session other = session("other-session", "user-2", clock.instant());
        assertThat(feed.refuses(other, clock.millis())).as("a cookie issued after the flood").isFalse();

        clock.advance(Duration.ofSeconds(302)); // every entry aged out: the set empties on the next addition
        feed.local(Revocation.one("tag", "later", clock.instant(), 0));
        assertThat(feed.size()).isEqualTo(1);
        feed.close();
    }

    @Test
    void aRevokeAllCoversTheUsersSessionsUpToItsTimeButTheKeptOne() {
        RevocationFeed feed = new RevocationFeed(null, clock, Duration.ofSeconds(300));
        Instant before = clock.instant();
        Session old = session("old", "user-1", before);
        Session kept = session("kept", "user-1", before);
        Session stranger = session("stranger", "user-2", before);
        clock.advance(Duration.ofSeconds(1));
        feed.local(Revocation.allBut(SessionTokens.userTag("user-1"), "kept", clock.instant(), 0));
        long issued = before.toEpochMilli() + 1;
        assertThat(feed.refuses(old, issued)).isTrue();
        assertThat(feed.refuses(kept, issued)).isFalse();
        assertThat(feed.refuses(stranger, issued)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        Session newer = session("newer", "user-1", clock.instant());
        assertThat(feed.refuses(newer, clock.millis())).as("signed in after the revoke-all").isFalse();
        clock.advance(Duration.ofSeconds(301));
        assertThat(feed.refuses(old, issued)).as("past maxAge the cookie itself has expired").isFalse();
        assertThat(RevocationFeed.message(Revocation.allBut("t", null, Instant.ofEpochMilli(5), 0))).isEqualTo("a|t||5");
        feed.close();
    }
}
