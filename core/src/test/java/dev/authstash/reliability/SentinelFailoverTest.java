package dev.authstash.reliability;

import static dev.authstash.reliability.Fixture.MAX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.reliability.Load.Outcome;
import dev.authstash.storage.CircuitBreaker.State;
import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisSentinels;
import dev.authstash.web.RequestGate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Redis behind Sentinel (1 master, 1 replica, 3 sentinels, {@code redis-sentinel://…#mymaster}): a
 * {@code SENTINEL FAILOVER} during a concurrent load — decisions continue (locally while the master changes),
 * nothing answers 500, and afterwards every decision lands on the new master without a restart.
 */
class SentinelFailoverTest {

    @Test
    void sentinelFailoverUnderLoadAndDecisionsContinueOnTheNewMaster() throws Exception {
        try (RedisSentinels sentinels = RedisSentinels.launch();
             Fixture f = Fixture.redis(sentinels.url(), OnStorageError.LOCAL, 8)) {
            assertThat(f.authstash.storage()).isInstanceOf(RedisStorage.class);
            int firstMaster = sentinels.masterPort();
            assertThat(firstMaster).isEqualTo(sentinels.initialMaster().port());
            AtomicBoolean failedOver = new AtomicBoolean();
            Thread failover = new Thread(() -> {
                sentinels.failover();
                failedOver.set(true);
            });
            Thread ticker = new Thread(() -> { // lets the breaker probe while the master changes
                while (!failedOver.get()) {
                    f.nextProbePeriod();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Outcome> out = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Load.run(f, 8, 40, 40, () -> {
                failover.start();
                ticker.start();
            }, () -> !failedOver.get()));
            failover.join(90_000);
            ticker.interrupt();
            assertThat(failedOver).as("the sentinels named the replica as master").isTrue();
            assertThat(sentinels.masterPort()).isEqualTo(sentinels.initialReplica().port());
            // 503 = a reply that timed out while the master changed (back-pressure, with Retry-After), never a 500
            assertThat(Load.statuses(out).keySet()).as("never a 500").containsAnyOf(429).isSubsetOf(0, 429, 503);
            assertThat(out).allMatch(Outcome::sessionFound);
            assertThat(Load.allowedPerClient(out).values()).allSatisfy(n -> assertThat(n).isBetween(MAX, 3 * MAX));

            OutageLoadTest.recover(f);
            // the client follows on the sentinels' +switch-master message, a moment after they name the new master
            try (Jedis newMaster = sentinels.initialReplica().jedis()) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (true) {
                    try {
                        f.authstash.storage().set("follow-probe", "x", Duration.ofMinutes(1));
                    } catch (RuntimeException notYet) {
                        // still the old master, being reconfigured
                    }
                    if ("x".equals(newMaster.get("authstash:follow-probe")) || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(newMaster.get("authstash:follow-probe")).as("the client follows the new master").isEqualTo("x");
            }
            OutageLoadTest.recover(f);
            RequestGate gate = f.authstash.gate();
            try (Jedis newMaster = sentinels.initialReplica().jedis()) {
                int before = newMaster.keys("authstash:rl:*").size();
                for (int i = 0; i < 20; i++) {
                    assertThat(Load.one(gate, "198.51.100." + (i + 1), f.tokens.get(i % 8)).status()).isZero();
                }
                assertThat(f.authstash.circuitBreaker().state()).isEqualTo(State.CLOSED);
                assertThat(newMaster.keys("authstash:rl:*").size() - before)
                        .as("every decision landed on the new master").isEqualTo(20);
            }
            // the same deployment through secondaryStorage.sentinel instead of a url: it finds the new master
            AuthstashConfig byObject = AuthstashConfig.builder().sentinel(RedisSentinels.MASTER,
                    sentinels.nodes().toArray(String[]::new)).socketTimeoutMillis(2000).connectTimeoutMillis(2000).build();
            try (Authstash other = Authstash.builder(byObject).secret("r".repeat(32)).environment(k -> null).build();
                 Jedis newMaster = sentinels.initialReplica().jedis()) {
                // a sentinel may still name the old master for a moment after the others agreed: the client then asks
                // again, as it does on +switch-master; the write must land on the new master within the deadline
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (true) {
                    try {
                        other.storage().set("via-sentinel-object", "v", Duration.ofMinutes(1));
                    } catch (RuntimeException notYet) {
                        // the old master, read-only while it is reconfigured
                    }
                    if ("v".equals(newMaster.get("authstash:via-sentinel-object")) || System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(newMaster.get("authstash:via-sentinel-object")).isEqualTo("v");
            }
            System.out.printf("[figures] sentinel failover: %d requests, statuses %s, allowed per client %s%n",
                    out.size(), Load.statuses(out), Load.allowedPerClient(out));
        }
    }
}
