package dev.authstash.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A 3-master, 1-replica-each cluster forms (3 masters / 0 replicas is used by RedisStorageClusterTest). */
class RedisClusterProcessTest {
    @Test
    void formsThreeMastersWithOneReplicaEachAndKillsANode() {
        try (RedisClusterProcess cluster = RedisClusterProcess.launch(3, 1)) {
            assertThat(cluster.seedNodes()).hasSize(6).allMatch(s -> s.startsWith("127.0.0.1:"));
            assertThat(cluster.ports()).doesNotHaveDuplicates();
            try (Jedis j = cluster.jedis(0)) {
                assertThat(j.clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384",
                        "cluster_known_nodes:6", "cluster_size:3");
                String nodes = j.clusterNodes();
                assertThat(nodes.lines().filter(l -> l.contains("master"))).hasSize(3);
                assertThat(nodes.lines().filter(l -> l.contains("slave"))).hasSize(3);
            }
            for (int m = 0; m < 3; m++) {
                try (Jedis j = cluster.jedis(m)) {
                    assertThat(j.info("replication")).contains("role:master", "connected_slaves:1");
                }
            }
            cluster.kill(5);
            assertThatThrownBy(() -> {
                try (Jedis j = cluster.jedis(5)) {
                    j.ping();
                }
            }).isInstanceOf(RuntimeException.class);
        }
    }
}
