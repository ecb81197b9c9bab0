package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import dev.lagless.it.apps.LongReadApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recovery conflict provoked on purpose (SPEC §2 failures): replicas with
 * {@code max_standby_streaming_delay = 0}, a long auto-commit read running on one of them, then a
 * DELETE and a VACUUM on the primary whose replay must cancel that read ("canceling statement due to
 * conflict with recovery", 40001). The application must get its result, not the error; the replica's
 * own conflict statistics prove the conflict happened.
 */
class RecoveryConflictTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).setting("max_standby_streaming_delay = 0").start();
    cluster.setUpAsApp(
        "CREATE TABLE conflict_rows (id int PRIMARY KEY, pad text)",
        "INSERT INTO conflict_rows SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aReadCancelledByRecoveryIsRetriedInvisibly() throws Exception {
    ForkedJvm.Running app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        .main(LongReadApp.class, url(), cluster.appUser(), cluster.appPassword(), "3")
        .start();
    PostgresNode reading = awaitReadRunningOnAReplica();
    try (Connection c = DriverManager.getConnection(url(), cluster.appUser(), cluster.appPassword());
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM conflict_rows WHERE id > 500");
      s.execute("VACUUM conflict_rows");
    }
    assertEquals(0, app.waitFor(WAIT), app::stderr);
    String output = String.join("\n", app.lines()) + "\n" + app.stderr();
    assertTrue(app.lines().size() == 1 && app.lines().get(0).startsWith("result port="), output);
    long conflicts = Long.parseLong(reading.query(cluster.database(),
        "SELECT confl_snapshot + confl_lock + confl_bufferpin FROM pg_stat_database_conflicts WHERE datname = current_database()").trim());
    assertTrue(conflicts > 0, "no recovery conflict happened on " + reading + ", so nothing was tested: " + output);
  }

  /** Waits until one replica runs the application's read; returns that replica. */
  private static PostgresNode awaitReadRunningOnAReplica() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (PostgresNode replica : cluster.replicas()) {
        String running = replica.query(cluster.database(),
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%FROM conflict_rows, pg_sleep%'"
                + " AND pid <> pg_backend_pid()").trim();
        if (!running.equals("0")) {
          return replica;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the read never ran on a replica");
  }

  private static String url() {
    return cluster.primary().jdbcUrl(cluster.database());
  }
}
