package dev.lagless.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Controls that change a node's life: stop, kill, start, promote. Each test has a cluster of its own. */
class NodeLifecycleTest {

  @Test
  void aStoppedReplicaRefusesConnectionsAndCatchesUpWhenStartedAgain() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().replicas(1).start()) {
      PostgresNode replica = cluster.replica(0);
      long pid = replica.pid();
      replica.stop();
      assertFalse(replica.isRunning());
      assertFalse(alive(pid));
      assertThrows(SQLException.class, () -> replica.connect("postgres").close());

      execute(cluster, cluster.primary(), "CREATE TABLE written_while_down (id int)");
      replica.start();
      assertTrue(replica.isInRecovery());
      cluster.awaitReplicasCaughtUp(Duration.ofSeconds(20));
      assertEquals("0", replica.query(cluster.database(), "SELECT count(*) FROM written_while_down"));
    }
  }

  @Test
  void aKilledPrimaryTakesItsBackendsWithItAndRecoversOnStart() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().replicas(1).start()) {
      PostgresNode primary = cluster.primary();
      execute(cluster, primary, "CREATE TABLE survives (id int); INSERT INTO survives VALUES (1)");
      long pid = primary.pid();
      var backends = ProcessHandle.of(pid).orElseThrow().descendants().mapToLong(ProcessHandle::pid).toArray();
      assertTrue(backends.length > 0, "a postmaster has child processes");

      primary.kill();
      assertFalse(alive(pid));
      for (long backend : backends) {
        assertFalse(alive(backend), "backend " + backend + " outlived its postmaster");
      }
      assertThrows(SQLException.class, () -> primary.connect("postgres").close());

      primary.start();
      assertEquals("1", primary.query(cluster.database(), "SELECT count(*) FROM survives"));
      execute(cluster, primary, "INSERT INTO survives VALUES (2)");
      cluster.awaitReplicasCaughtUp(Duration.ofSeconds(20));
      assertEquals("2", cluster.replica(0).query(cluster.database(), "SELECT count(*) FROM survives"));
    }
  }

  @Test
  void aPromotedReplicaTakesWritesOnANewTimeline() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().replicas(1).start()) {
      PostgresNode replica = cluster.replica(0);
      String timelineBefore = replica.query("postgres", "SELECT timeline_id FROM pg_control_checkpoint()");
      replica.promote();
      assertEquals(PostgresNode.Role.PRIMARY, replica.role());
      assertFalse(replica.isInRecovery());
      execute(cluster, replica, "CREATE TABLE after_promotion (id int)");
      replica.query("postgres", "CHECKPOINT");
      String timelineAfter = replica.query("postgres", "SELECT timeline_id FROM pg_control_checkpoint()");
      assertEquals(Integer.parseInt(timelineBefore) + 1, Integer.parseInt(timelineAfter));
      assertThrows(IllegalStateException.class, replica::pauseReplay);
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void execute(LocalCluster cluster, PostgresNode node, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(node.jdbcUrl(cluster.database()), cluster.appUser(),
        cluster.appPassword()); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
