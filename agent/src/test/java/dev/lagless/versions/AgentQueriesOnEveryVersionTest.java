package dev.lagless.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cli.doctor.DoctorCommand;
import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import dev.lagless.config.HostPort;
import dev.lagless.consistency.Token;
import dev.lagless.consistency.TokenSource;
import dev.lagless.routing.FunctionCatalog;
import dev.lagless.routing.NodeConnector;
import dev.lagless.routing.NodeHealth;
import dev.lagless.routing.ReplicaMonitor;
import dev.lagless.routing.ReplicaNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's own queries on every supported PostgreSQL major (13 to 18), as the application's ordinary
 * role: the replica monitor (a replica following, its lag seen while replay is paused, gone when it
 * resumes; with and without the right to see the WAL receiver), the read-your-own-writes token, the
 * function catalog, and doctor's checks.
 */
class AgentQueriesOnEveryVersionTest {

  static IntStream majors() {
    return IntStream.rangeClosed(13, 18);
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void theMonitorTokenCatalogAndDoctorQueriesWork(int major) throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().postgresVersion(major).replicas(1).redis(false).start()) {
      PostgresNode replica = cluster.replica(0);
      long systemIdentifier = Long.parseLong(
          cluster.primary().query("postgres", "SELECT system_identifier FROM pg_control_system()"));
      cluster.setUpAsApp("CREATE TABLE t (id int)",
          "CREATE FUNCTION app_writes() RETURNS int LANGUAGE sql AS 'SELECT 1'",
          "CREATE FUNCTION app_reads() RETURNS int LANGUAGE sql STABLE AS 'SELECT 1'");
      NodeConnector asApp = connector(cluster);

      ReplicaNode node = new ReplicaNode(new HostPort(replica.host(), replica.port()), Map.of());
      ReplicaMonitor monitor = new ReplicaMonitor(List.of(node), asApp, 20, line -> { });
      monitor.start();
      try {
        monitor.awaitFirstRound(10_000);
        assertEquals(systemIdentifier, monitor.primarySystemIdentifier());
        assertEquals(1, monitor.primaryTimeline());
        awaitUntil(() -> node.health().status == NodeHealth.Status.FOLLOWING, "replica following: " + node.health());
        // The app role sees only its restartpoint's timeline; granted pg_read_all_stats, the streamed one.
        assertEquals(null, receivedTimeline(asApp, node));
        cluster.primary().query("postgres", "GRANT pg_read_all_stats TO " + cluster.appUser());
        cluster.awaitReplicasCaughtUp(Duration.ofSeconds(20));
        assertEquals("1", receivedTimeline(asApp, node));

        replica.pauseReplay();
        try {
          cluster.primary().query(cluster.database(), "INSERT INTO t SELECT generate_series(1, 100)");
          awaitUntil(() -> node.health().lagBytes > 0, "lag seen while replay is paused: " + node.health());
        } finally {
          replica.resumeReplay();
        }
        awaitUntil(() -> node.health().status == NodeHealth.Status.FOLLOWING && node.health().lagBytes == 0,
            "no lag once replay resumed: " + node.health());
        assertEquals(1, node.health().timeline);
      } finally {
        monitor.stop();
      }

      cluster.primary().query(cluster.database(), "INSERT INTO t VALUES (0)");
      long committed = cluster.primary().currentLsn();
      Token token = new TokenSource(asApp).afterCommit();
      assertNotNull(token, "a token");
      assertEquals(systemIdentifier, token.systemIdentifier);
      assertEquals(1, token.timeline);
      assertTrue(Long.compareUnsigned(token.lsn, committed) >= 0, token + " covers the commit at " + committed);

      FunctionCatalog catalog = new FunctionCatalog(asApp);
      assertTrue(catalog.anyMayWrite(List.of("app_writes")), "a VOLATILE function may write");
      assertFalse(catalog.anyMayWrite(List.of("app_reads")), "a STABLE function cannot");
      assertFalse(catalog.anyMayWrite(List.of("pg_catalog.now")), "now() is STABLE");
      assertTrue(catalog.anyMayWrite(List.of("no_such_function")), "unknown: the safe side");

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int exit = DoctorCommand.run(List.of("--url", cluster.primary().jdbcUrl(cluster.database()), "--user",
          cluster.appUser()), Map.of("PGPASSWORD", cluster.appPassword(), "LAGLESS_REPLICAS",
          replica.host() + ":" + replica.port()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
      String report = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, exit, report);
      assertTrue(report.contains("PostgreSQL " + major + "."), report);
      assertTrue(report.contains("a streaming replica of the same cluster, timeline 1"), report);
      assertFalse(report.contains("PROBLEM"), report);
    }
  }

  private static String receivedTimeline(NodeConnector asApp, ReplicaNode node) throws SQLException {
    try (Connection c = asApp.openReplica(node); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT received_tli FROM pg_stat_wal_receiver")) {
      assertTrue(rs.next(), "a WAL receiver");
      return rs.getString(1);
    }
  }

  private static NodeConnector connector(LocalCluster cluster) {
    return new NodeConnector() {
      @Override
      public Connection openReplica(ReplicaNode node) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + node.endpoint() + "/" + cluster.database(),
            cluster.appUser(), cluster.appPassword());
      }

      @Override
      public Connection openMonitor(ReplicaNode node) throws SQLException {
        return openReplica(node);
      }

      @Override
      public Connection openPrimary() throws SQLException {
        return DriverManager.getConnection(cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
            cluster.appPassword());
      }
    };
  }

  /** Waits for what the monitor's pollers will see (they poll every 20 ms), for at most 10 s. */
  private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
      Thread.sleep(5);
    }
  }
}
