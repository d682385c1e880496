package dev.authstash.reliability;

import static dev.authstash.reliability.Fixture.MAX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.reliability.Load.Outcome;
import dev.authstash.storage.CircuitBreaker.State;
import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.web.RequestGate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A real 3-master + 3-replica cluster (cluster-node-timeout 1000 ms): master 0 is killed (SIGKILL) during a
 * concurrent load; its replica (node 3) takes over, and decisions reach the cluster again without a restart.
 */
class ClusterFailoverTest {
    private static final long WAIT_NANOS = 30_000_000_000L;

    @Test
    void killAMasterDuringLoadAndDecisionsContinueAfterFailover() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.launch(3, 1);
             Fixture f = Fixture.cluster(cluster.seedNodes(), OnStorageError.LOCAL, 8)) {
            AtomicBoolean failedOver = new AtomicBoolean();
            AtomicBoolean watching = new AtomicBoolean(true); // the load stops when the bounded wait ends, either way
            Thread monitor = new Thread(() -> {
                awaitFailover(cluster, f, failedOver);
                watching.set(false);
            });
            List<Outcome> out = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> Load.run(f, 8, 40, 40, () -> {
                cluster.kill(0);
                monitor.start();
            }, () -> watching.get() && !failedOver.get()));
            monitor.join(WAIT_NANOS / 1_000_000);
            assertThat(failedOver).as("cluster_state:ok with node 3 as master").isTrue();
            assertThat(Load.statuses(out).keySet()).containsAnyOf(429).isSubsetOf(0, 429);
            assertThat(out).allMatch(Outcome::sessionFound);
            // before the kill (cluster), during failover (local), after it (cluster; unreplicated counts may be lost)
            assertThat(Load.allowedPerClient(out).values()).allSatisfy(n -> assertThat(n).isBetween(MAX, 3 * MAX));

            OutageLoadTest.recover(f);
            int before = rateLimitKeysOnMasters(cluster);
            RequestGate gate = f.authstash.gate();
            for (int i = 0; i < 20; i++) {
                assertThat(Load.one(gate, "198.51.100." + (i + 1), f.tokens.get(i % 8)).status()).isZero();
            }
            assertThat(f.authstash.circuitBreaker().state()).isEqualTo(State.CLOSED);
            assertThat(rateLimitKeysOnMasters(cluster) - before).isEqualTo(20); // every decision landed in the cluster
            System.out.printf("[figures] cluster failover: %d requests, statuses %s, allowed per client %s%n",
                    out.size(), Load.statuses(out), Load.allowedPerClient(out));
        }
    }

    /** Waits (bounded) until node 3 is master and the cluster is ok, moving the breaker's clock meanwhile. */
    private static void awaitFailover(RedisClusterProcess cluster, Fixture f, AtomicBoolean done) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            try (Jedis node3 = cluster.jedis(3); Jedis node1 = cluster.jedis(1)) {
                if (node3.info("replication").contains("role:master")
                        && node1.clusterInfo().contains("cluster_state:ok")
                        && node3.clusterInfo().contains("cluster_state:ok")) {
                    done.set(true);
                    return;
                }
            } catch (RuntimeException notYet) {
                // keep waiting
            }
            f.nextProbePeriod();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Rate-limit keys on the masters that are alive after the failover (nodes 1, 2 and 3). */
    private static int rateLimitKeysOnMasters(RedisClusterProcess cluster) {
        int n = 0;
        for (int node : new int[] {1, 2, 3}) {
            try (Jedis j = cluster.jedis(node)) {
                n += j.keys("authstash:rl:*").size();
            }
        }
        return n;
    }
}
