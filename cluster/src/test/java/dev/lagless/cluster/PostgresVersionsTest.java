package dev.lagless.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported PostgreSQL major (13 to 18, the binaries Maven Central ships unless the system has that
 * major) makes a working cluster: the version asked for, streaming from a copied data directory, SCRAM
 * passwords, replay paused exactly, promotion.
 */
class PostgresVersionsTest {

  static Set<Integer> majors() {
    return ShippedReleases.majors();
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void aPrimaryAndAReplicaOfThisVersionWork(int major) throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().postgresVersion(major).replicas(1).redis(false).start()) {
      PostgresNode primary = cluster.primary();
      PostgresNode replica = cluster.replica(0);
      System.out.println("[local-cluster] PostgreSQL " + cluster.binaries().version() + ": primary + 1 replica up in "
          + cluster.startupTime().toMillis() + " ms (" + cluster.binaries().origin() + ")");
      assertEquals(major, cluster.binaries().majorVersion());
      for (PostgresNode node : cluster.replicas()) {
        assertEquals(major, Integer.parseInt(node.query("postgres", "SHOW server_version_num")) / 10000, node.name());
      }
      assertEquals(primary.query("postgres", "SELECT system_identifier FROM pg_control_system()"),
          replica.query("postgres", "SELECT system_identifier FROM pg_control_system()"));

      cluster.setUpAsApp("CREATE TABLE t (id int PRIMARY KEY, v text)", "INSERT INTO t VALUES (1, 'streamed')");
      assertEquals("streamed", replica.query(cluster.database(), "SELECT v FROM t WHERE id = 1"));
      SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
          primary.jdbcUrl(cluster.database()), cluster.appUser(), "wrong-password").close());
      assertEquals("28P01", refused.getSQLState());

      replica.pauseReplay();
      long held = replica.replayLsn();
      try (Connection c = DriverManager.getConnection(primary.jdbcUrl(cluster.database()), cluster.appUser(),
          cluster.appPassword()); Statement s = c.createStatement()) {
        s.execute("INSERT INTO t VALUES (2, 'while paused')");
      }
      long written = primary.currentLsn();
      awaitReceived(replica, written);
      assertEquals(held, replica.replayLsn(), "a paused replica applies nothing it receives");
      assertNull(replica.query(cluster.database(), "SELECT v FROM t WHERE id = 2"));
      replica.resumeReplay();
      cluster.awaitReplicasCaughtUp(Duration.ofSeconds(20));
      assertEquals("while paused", replica.query(cluster.database(), "SELECT v FROM t WHERE id = 2"));

      replica.promote();
      assertTrue(!replica.isInRecovery(), "promoted");
      replica.query(cluster.database(), "INSERT INTO t VALUES (3, 'on the promoted replica')");
    }
  }

  private static void awaitReceived(PostgresNode replica, long lsn) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Long.compareUnsigned(replica.receiveLsn(), lsn) < 0) {
      assertTrue(System.nanoTime() < deadline, replica + " did not receive the WAL within 20 s");
      PostgresNode.pause(Duration.ofMillis(2));
    }
  }
}
