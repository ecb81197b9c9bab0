package dev.lagless.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fresh machine without PostgreSQL or Redis packages still gets a cluster: the binaries Maven Central
 * ships, which have no pg_basebackup (replicas are copies of the primary's data directory).
 */
class EmbeddedBinariesTest {

  @AfterEach
  void backToAuto() {
    System.clearProperty("localcluster.binaries");
    System.clearProperty("localcluster.redis");
  }

  @Test
  void aClusterRunsOnTheMavenShippedBinaries() throws Exception {
    System.setProperty("localcluster.binaries", "embedded");
    System.setProperty("localcluster.redis", "embedded");
    assertTrue(PostgresBinaries.locate().origin().startsWith("embedded"), PostgresBinaries.locate().origin());
    assertTrue(RedisBinary.locate().origin().startsWith("embedded"), RedisBinary.locate().origin());

    try (LocalCluster cluster = LocalCluster.builder().replicas(1).redis(true).start()) {
      System.out.println("[local-cluster] embedded binaries: primary + 1 replica + redis up in "
          + cluster.startupTime().toMillis() + " ms");
      cluster.primary().query(cluster.database(), "CREATE TABLE t AS SELECT 42 AS answer");
      cluster.awaitReplicasCaughtUp(Duration.ofSeconds(20));
      assertEquals("42", cluster.replica(0).query(cluster.database(), "SELECT answer FROM t"));
      assertTrue(cluster.replica(0).isInRecovery());
      assertTrue(cluster.redis().ping());
    }
  }
}
