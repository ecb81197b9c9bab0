package dev.lagless.cluster.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole life of an HA stack, in order, with real processes: HAProxy's primary port reaches the
 * leader; a switchover moves it; a kill -9 of the leader (Patroni and PostgreSQL) fails over to a
 * replica with no committed row lost; the old leader, started again, rewinds and rejoins as a
 * replica; close() leaves no process behind. Prints how long each step took.
 */
class HaClusterTest {

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void switchoverCrashFailoverAndRejoinBehindHaproxy() throws Exception {
    // No skip when the stack is missing: start() fails saying what to install (.ci/run installs it).
    Map<String, Duration> timings = new LinkedHashMap<>();
    HaCluster ha = HaCluster.builder().start();
    Path root = ha.root();
    List<Long> pids = new ArrayList<>();
    try {
      timings.put("start (etcd, 3 Patroni members, HAProxy, healthy)", ha.startupTime());
      assertEquals(3, ha.members().size());
      String first = ha.leaderName();
      assertRoutedTo(ha, first);
      execute(ha, "CREATE TABLE events (id int PRIMARY KEY, step text NOT NULL)",
          "INSERT INTO events VALUES (1, 'start')");

      // A planned switchover to a replica.
      String candidate = otherThan(ha, first);
      long t = System.nanoTime();
      ha.switchover(candidate);
      timings.put("switchover (POST to new leader reached through HAProxy)", since(t));
      assertEquals(candidate, ha.leaderName());
      assertRoutedTo(ha, candidate);
      ha.awaitHealthy(STEP_TIMEOUT);
      timings.put("switchover until healthy (old leader streaming again)", since(t));
      execute(ha, "INSERT INTO events VALUES (2, 'after switchover')");
      // Replication is asynchronous: what the test counts on after the crash must have reached the replicas.
      ha.awaitReplicasCaughtUp(STEP_TIMEOUT);

      // A machine crash of the leader.
      Member victim = ha.member(candidate);
      long victimPatroni = victim.patroniPid();
      long victimPostgres = victim.postgresPid();
      assertTrue(victimPatroni > 0 && victimPostgres > 0, "the leader's processes are known");
      t = System.nanoTime();
      String successor = ha.crash(victim);
      timings.put("failover after kill -9 (new leader promoted)", since(t));
      ha.awaitPrimaryRoutedTo(successor, STEP_TIMEOUT);
      timings.put("failover after kill -9 (reached through HAProxy)", since(t));
      assertNotEquals(candidate, successor);
      assertFalse(victim.isRunning());
      assertFalse(Procs.isAlive(victimPatroni), "Patroni was killed");
      assertFalse(Procs.isAlive(victimPostgres), "the postmaster was killed");
      assertEquals(-1, victim.postgresPid(), "a stale postmaster.pid is not taken for a running server");
      assertRoutedTo(ha, successor);
      execute(ha, "INSERT INTO events VALUES (3, 'after failover')");
      assertEquals(3, countEvents(ha), "no committed row lost in the failover");

      // The old leader comes back: pg_rewind, then a replica of the new leader.
      t = System.nanoTime();
      ha.restart(victim);
      ha.awaitHealthy(STEP_TIMEOUT);
      timings.put("rejoin of the crashed leader (restart until healthy)", since(t));
      assertTrue(victim.isRunning());
      assertEquals(successor, ha.leaderName());
      ha.awaitReplicasCaughtUp(STEP_TIMEOUT);
      for (Member member : ha.members()) {
        try (Connection c = member.connect(ha.database()); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), (SELECT count(*) FROM events)")) {
          rs.next();
          assertEquals(!member.name().equals(successor), rs.getBoolean(1), member.name() + " in recovery");
          assertEquals(3, rs.getInt(2), member.name() + " has every row");
        }
      }

      pids.addAll(Procs.mentioning(root + "/"));
      for (Member member : ha.members()) {
        assertTrue(pids.contains(member.patroniPid()) && pids.contains(member.postgresPid()), member + " in " + pids);
      }
      assertTrue(pids.size() >= 8, "etcd, HAProxy, 3 Patroni and 3 postmasters: " + pids);
    } finally {
      long t = System.nanoTime();
      ha.close();
      timings.put("close", since(t));
    }
    List<Long> left = Procs.mentioning(root.toString());
    assertTrue(left.isEmpty(), "processes naming " + root + " after close: " + left);
    for (long pid : pids) {
      assertFalse(Procs.isAlive(pid), "pid " + pid + " outlived close()");
    }
    assertFalse(Files.exists(root), root + " deleted");
    timings.forEach((step, took) -> System.out.printf("[ha-cluster] %-58s %6d ms%n", step, took.toMillis()));
  }

  private static void assertRoutedTo(HaCluster ha, String leader) throws SQLException {
    try (Connection c = app(ha); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
      rs.next();
      assertEquals(ha.member(leader).pgPort(), rs.getInt(1), "HAProxy's primary port leads to " + leader);
      assertFalse(rs.getBoolean(2), leader + " accepts writes");
    }
  }

  private static String otherThan(HaCluster ha, String name) {
    return ha.members().stream().map(Member::name).filter(n -> !n.equals(name)).findFirst().orElseThrow();
  }

  private static void execute(HaCluster ha, String... statements) throws SQLException {
    try (Connection c = app(ha); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static int countEvents(HaCluster ha) throws SQLException {
    try (Connection c = app(ha); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM events")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection app(HaCluster ha) throws SQLException {
    return DriverManager.getConnection(ha.primaryJdbcUrl(), ha.appUser(), ha.appPassword());
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
