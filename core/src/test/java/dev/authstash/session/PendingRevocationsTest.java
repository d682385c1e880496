package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §4, the revocation queue while storage is down: {@link PendingRevocations#MAX} revocations of tokens
 * nobody could check (garbage sent to a sign-out) do not push out a revocation known to name a session — it is still
 * refused on this instance — nor a user's revoke-all.
 */
class PendingRevocationsTest {
    @Test
    void garbageRevocationsFillingTheQueueDisplaceNoKnownOneNorARevokeAll() {
        PendingRevocations pending = new PendingRevocations(r -> false); // storage stays down
        try {
            Instant at = Instant.now();
            for (int i = 0; i < PendingRevocations.MAX; i++) {
                pending.add(Revocation.one("garbage-tag", "garbage-" + i, at, 0));
            }
            assertThat(pending.size()).isEqualTo(PendingRevocations.MAX);
            Session victim = new Session("victim-id", "user-1", at.minusSeconds(60), at.minusSeconds(60),
                    at.plusSeconds(3600), null, null, Map.of());
            String victimTag = SessionTokens.userTag("user-1");
            pending.add(Revocation.known(victimTag, "victim-id", at, 0));
            assertThat(pending.covers(victimTag, victim)).as("a known revocation is held and refused locally").isTrue();
            String otherTag = SessionTokens.userTag("user-2");
            Session other = new Session("other-id", "user-2", at.minusSeconds(60), at.minusSeconds(60),
                    at.plusSeconds(3600), null, null, Map.of());
            pending.add(Revocation.allBut(otherTag, null, at, 0));
            assertThat(pending.covers(otherTag, other)).as("a revoke-all is kept per user").isTrue();
            pending.add(Revocation.one("garbage-tag", "one-more", at, 0));
            assertThat(pending.covers("garbage-tag", new Session("one-more", "x", at, at, at.plusSeconds(60), null,
                    null, Map.of()))).as("an unknown one beyond the bound is dropped").isFalse();
            assertThat(pending.size()).isEqualTo(PendingRevocations.MAX + 1);
        } finally {
            pending.stop();
        }
    }
}
