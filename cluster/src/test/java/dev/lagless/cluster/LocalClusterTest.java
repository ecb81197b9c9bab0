package dev.lagless.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared cluster's controls that leave it as they found it: replication, credentials, replay, delay, LSNs, Redis. */
class LocalClusterTest {

  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws IOException, SQLException {
    cluster = LocalCluster.builder().replicas(2).redis(true).start();
    System.out.println("[local-cluster] primary + 2 replicas + redis up in " + cluster.startupTime().toMillis()
        + " ms with " + PostgresBinaries.locate() + " and " + RedisBinary.locate());
    try (Connection c = app(cluster.primary()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id serial PRIMARY KEY, note text NOT NULL)");
    }
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void replicasStreamFromThePrimaryAndShareItsSystemIdentifier() throws Exception {
    String primaryId = cluster.primary().query("postgres", "SELECT system_identifier FROM pg_control_system()");
    int id = insert("streamed");
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
    for (PostgresNode replica : cluster.replicas()) {
      assertTrue(replica.isInRecovery(), replica + " is a standby");
      assertEquals(primaryId, replica.query("postgres", "SELECT system_identifier FROM pg_control_system()"));
      assertEquals("streamed", noteOn(replica, id));
    }
    assertFalse(cluster.primary().isInRecovery());
    assertEquals("2", cluster.primary().query("postgres", "SELECT count(*) FROM pg_stat_replication"));
  }

  @Test
  void theApplicationRoleNeedsItsPasswordAndIsNoSuperuser() throws Exception {
    try (Connection c = app(cluster.primary()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      assertTrue(rs.next());
      assertFalse(rs.getBoolean(1));
    }
    SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(), "wrong-password").close());
    assertEquals("28P01", refused.getSQLState());
  }

  @Test
  void pausedReplayHoldsAReplicaExactlyWhereItWas() throws Exception {
    PostgresNode paused = cluster.replica(0);
    PostgresNode other = cluster.replica(1);
    paused.pauseReplay();
    try {
      long before = paused.replayLsn();
      int id = insert("while paused");
      long written = cluster.primary().currentLsn();
      assertTrue(Long.compareUnsigned(written, before) > 0);
      awaitVisible(other, id);
      // The other replica has it, so it has been streamed; the paused one has not applied it.
      assertEquals(before, paused.replayLsn());
      assertEquals(null, noteOn(paused, id));
    } finally {
      paused.resumeReplay();
    }
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  @Test
  void anApplyDelayKeepsCommitsInvisibleForThatLong() throws Exception {
    PostgresNode delayed = cluster.replica(1);
    Duration delay = Duration.ofMillis(400);
    delayed.setApplyDelay(delay);
    try {
      long committed = System.nanoTime();
      int id = insert("delayed");
      awaitVisible(delayed, id);
      long visibleAfterMillis = (System.nanoTime() - committed) / 1_000_000;
      // recovery_min_apply_delay counts from the commit time stamped by the primary on this same clock.
      assertTrue(visibleAfterMillis >= delay.toMillis() - 20, "visible after " + visibleAfterMillis + " ms");
    } finally {
      delayed.setApplyDelay(Duration.ZERO);
    }
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
  }

  @Test
  void eachNodeReportsItsWalPosition() throws Exception {
    long before = cluster.primary().currentLsn();
    insert("moves the WAL");
    long after = cluster.primary().currentLsn();
    assertTrue(Long.compareUnsigned(after, before) > 0);
    cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10));
    for (PostgresNode replica : cluster.replicas()) {
      assertTrue(Long.compareUnsigned(replica.replayLsn(), after) >= 0);
      assertTrue(Long.compareUnsigned(replica.receiveLsn(), replica.replayLsn()) >= 0);
      assertEquals(replica.replayLsn(), replica.visibleLsn());
    }
    assertEquals(Lsn.parse(Lsn.format(after)), after);
  }

  @Test
  void redisStopsAndStartsOnTheSamePort() throws Exception {
    RedisNode redis = cluster.redis();
    assertTrue(redis.ping());
    long pid = redis.pid();
    redis.stop();
    assertFalse(redis.isRunning());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThrows(IOException.class, redis::ping);
    redis.start();
    assertTrue(redis.ping());
    redis.kill();
    assertThrows(IOException.class, redis::ping);
    redis.start();
    assertTrue(redis.ping());
  }

  static Connection app(PostgresNode node) throws SQLException {
    return DriverManager.getConnection(node.jdbcUrl(cluster.database()), cluster.appUser(), cluster.appPassword());
  }

  private static int insert(String note) throws SQLException {
    try (Connection c = app(cluster.primary()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("INSERT INTO items (note) VALUES ('" + note + "') RETURNING id")) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }

  private static String noteOn(PostgresNode node, int id) throws SQLException {
    try (Connection c = app(node); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT note FROM items WHERE id = " + id)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void awaitVisible(PostgresNode node, int id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (noteOn(node, id) == null) {
      assertTrue(System.nanoTime() < deadline, "row " + id + " never became visible on " + node);
      Thread.onSpinWait();
    }
    assertNotNull(noteOn(node, id));
  }
}
