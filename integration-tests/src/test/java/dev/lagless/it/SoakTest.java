package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import dev.lagless.it.apps.SoakApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded soak: a mixed load of users (HikariCP, baggage user.id, tokens through Redis) while
 * faults are injected at random (seeded) for a bounded time — a replica killed, restarted, hung past
 * the monitor's timeout, lagging; Redis stopped (restarted empty) or hung. Afterwards, once both replicas
 * serve reads again: no stale read and no error the application saw, every acknowledged write present
 * on the primary, no thread group grown beyond its pool's fixed size and heap after a full GC back to
 * what it was before the faults, the
 * servers' connections of the application's user within the configured pools (pg_stat_activity), and
 * none left once the application exits.
 *
 * <p>{@code -Dlagless.soak.seconds=N} sets how long faults are injected (20 s here; the long form
 * runs from {@code benchmarks/run}).
 */
class SoakTest {

  private static final int THREADS = 6;
  private static final int REPLICA_POOL_SIZE = 4;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(true).start();
    cluster.setUpAsApp("CREATE TABLE soak (session int, seq int, v text, PRIMARY KEY (session, seq))");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void faultsAtRandomLoseNothingServeNothingStaleAndLeakNothing(@TempDir Path dir) throws Exception {
    long seconds = Long.getLong("lagless.soak.seconds", 20);
    Path stop = dir.resolve("stop");
    Path ackedFile = dir.resolve("acked");
    ForkedJvm.Running app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        .env("LAGLESS_REDIS_URL", cluster.redis().uri())
        .env("LAGLESS_REPLICA_POOL_SIZE", String.valueOf(REPLICA_POOL_SIZE))
        .env("LAGLESS_MAX_LAG", "1s")
        .jvmOption("-Xmx256m")
        // HikariCP and pgjdbc, plus the OpenTelemetry API for the users' baggage
        .classpath(ForkedJvm.appClasspath() + java.io.File.pathSeparator + System.getProperty("lagless.it.otelClasspath"))
        .main(SoakApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(), cluster.appPassword(),
            String.valueOf(THREADS), stop.toString(), ackedFile.toString())
        .start();
    int r0 = cluster.replica(0).port();
    int r1 = cluster.replica(1).port();
    List<String> faults = new ArrayList<>();
    try {
      int at = app.awaitLine(0, line -> line.startsWith("stats") && line.contains(r0 + ":") && line.contains(r1 + ":"), WAIT);
      at = app.awaitLine(at + 1, line -> line.startsWith("stats"), WAIT); // one more second of steady load
      at = app.awaitLine(at + 1, line -> line.startsWith("stats"), WAIT);
      Stats before = Stats.of(app.lines().get(at));

      Random random = new Random(20261203L);
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      while (System.nanoTime() < end) {
        faults.add(injectOne(random));
        Thread.sleep(200 + random.nextInt(800)); // time between faults: part of the injected load, not a synchronisation
      }

      // Healed: both replicas serve reads again; then three seconds of steady load to measure.
      at = app.awaitLine(app.lineCount(), line -> line.startsWith("stats") && line.contains(r0 + ":")
          && line.contains(r1 + ":"), WAIT);
      for (int i = 0; i < 3; i++) {
        at = app.awaitLine(at + 1, line -> line.startsWith("stats"), WAIT);
      }
      Stats after = Stats.of(app.lines().get(at));
      int replicaPools = connectionsOf(cluster.replica(0)) + connectionsOf(cluster.replica(1));
      int primaryConnections = connectionsOf(cluster.primary());

      Files.createFile(stop);
      assertEquals(0, app.waitFor(WAIT), app::stderr);
      List<String> lines = app.lines();
      String output = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))
          + "\n" + app.stderr() + "\nfaults: " + faults;
      String total = lines.get(lines.size() - 1);
      System.out.println("[soak] " + seconds + " s, " + faults.size() + " faults: " + total + "; before " + before
          + ", after " + after + "; connections: replicas " + replicaPools + ", primary " + primaryConnections);

      assertTrue(total.matches("total writes=\\d+ reads=\\d+ stale=0 errors=0"), output);
      assertTrue(lines.stream().noneMatch(line -> line.startsWith("stale") || line.startsWith("error")), output);
      assertEquals(0, missingOnPrimary(ackedFile), "acknowledged writes missing on the primary");
      assertEquals(List.of(), threadsBeyondBounds(before, after), "threads grew: " + before + " -> " + after);
      // 8 MB: what a leak of 30 bytes per read would reach in the short form (~280,000 reads).
      assertTrue(after.heap <= before.heap + Math.max(8L << 20, before.heap / 4), "heap grew: " + before + " -> " + after);
      // Each replica: its pool (at most LAGLESS_REPLICA_POOL_SIZE) and the monitor's one connection.
      assertTrue(replicaPools <= 2 * (REPLICA_POOL_SIZE + 1), "replica connections beyond the pools: " + replicaPools);
      // The primary: the application's pool, the monitor's and the token connection.
      assertTrue(primaryConnections <= THREADS + 2, "primary connections beyond the pools: " + primaryConnections);
      for (PostgresNode node : List.of(cluster.primary(), cluster.replica(0), cluster.replica(1))) {
        awaitNoConnectionsOf(node);
      }
    } finally {
      if (!Files.exists(stop)) {
        Files.createFile(stop);
      }
      app.kill();
      healAll();
    }
  }

  /** One fault, undone before it returns (a hung or stopped server for 0.2–3.5 s). */
  private static String injectOne(Random random) throws Exception {
    PostgresNode replica = cluster.replica(random.nextInt(2));
    int kind = random.nextInt(6);
    switch (kind) {
      case 0:
        replica.kill();
        pause(random, 300, 1_000);
        replica.start();
        return "kill " + replica.name();
      case 1:
        replica.stop();
        replica.start();
        return "restart " + replica.name();
      case 2:
        Signals.send(replica.pid(), "STOP");
        try {
          pause(random, 2_500, 3_500); // past the monitor's 2 s poll timeout
        } finally {
          Signals.send(replica.pid(), "CONT");
        }
        return "hang " + replica.name();
      case 3:
        replica.pauseReplay();
        try {
          pause(random, 200, 1_500);
        } finally {
          replica.resumeReplay();
        }
        return "lag " + replica.name();
      case 4:
        cluster.redis().stop();
        pause(random, 200, 1_000);
        cluster.redis().start(); // empty: it keeps nothing
        return "redis restarted empty";
      default:
        Signals.send(cluster.redis().pid(), "STOP");
        try {
          pause(random, 200, 1_000);
        } finally {
          Signals.send(cluster.redis().pid(), "CONT");
        }
        return "redis hung";
    }
  }

  private static void pause(Random random, int fromMillis, int toMillis) throws InterruptedException {
    Thread.sleep(fromMillis + random.nextInt(toMillis - fromMillis)); // the fault's duration, not a synchronisation
  }

  private static void healAll() throws Exception {
    for (PostgresNode replica : cluster.replicas()) {
      if (!replica.isRunning()) {
        replica.start();
      }
      replica.resumeReplay();
    }
    if (!cluster.redis().isRunning()) {
      cluster.redis().start();
    }
  }

  /**
   * Thread pools that start their threads lazily, up to a fixed size: the agent's Lettuce event loops
   * (2 for I/O, 2 for computation), each replica pool's HikariCP threads (housekeeper, connection
   * adder, connection closer: 3 per replica, both replicas under one name once digits are dropped), the
   * application's own HikariCP threads. Any other group of threads may not grow at all: a thread
   * leaked per fault (a monitor, a pool, a client per reconnection) shows there.
   */
  private static List<String> threadsBeyondBounds(Stats before, Stats after) {
    java.util.Map<String, Integer> bounds = java.util.Map.of(
        "lagless-lettuce-nioEventLoop", 2,
        "lagless-lettuce-eventExecutorLoop", 2,
        "lagless-replica-pool-127.0.0.1:#", 3 * 2);
    java.util.Map<String, Integer> was = before.groupCounts();
    List<String> beyond = new ArrayList<>();
    after.groupCounts().forEach((group, count) -> {
      int allowed = Math.max(was.getOrDefault(group, 0), group.startsWith("HikariPool-") ? 1 : bounds.getOrDefault(group, 0));
      if (count > allowed) {
        beyond.add(group + "=" + count + " (at most " + allowed + ")");
      }
    });
    return beyond;
  }

  private static int connectionsOf(PostgresNode node) throws Exception {
    return Integer.parseInt(node.query("postgres", "SELECT count(*) FROM pg_stat_activity WHERE usename = '"
        + cluster.appUser() + "'"));
  }

  /** The application has exited: its connections end as the server notices (at once, or within seconds). */
  private static void awaitNoConnectionsOf(PostgresNode node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int left = connectionsOf(node);
    while (left > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling the server's view with a deadline
      left = connectionsOf(node);
    }
    assertEquals(0, left, node.name() + " still has connections of the application's user after it exited");
  }

  private static long missingOnPrimary(Path ackedFile) throws Exception {
    long missing = 0;
    try (Connection c = cluster.primary().connect(cluster.database());
        PreparedStatement count = c.prepareStatement("SELECT count(*) FROM soak WHERE session = ? AND seq <= ?")) {
      for (String line : Files.readAllLines(ackedFile)) {
        String[] parts = line.split(" ");
        int acknowledged = Integer.parseInt(parts[1]);
        count.setInt(1, Integer.parseInt(parts[0]));
        count.setInt(2, acknowledged);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          missing += acknowledged - rs.getLong(1);
        }
      }
    }
    return missing;
  }

  /** The application's own measurement of one second: live threads, heap after a full GC. */
  private static final class Stats {
    final int threads;
    final long heap;
    final String groups;

    private Stats(int threads, long heap, String groups) {
      this.threads = threads;
      this.heap = heap;
      this.groups = groups;
    }

    static Stats of(String line) {
      return new Stats(Integer.parseInt(line.replaceAll(".* threads=(\\d+) .*", "$1")),
          Long.parseLong(line.replaceAll(".* heap=(\\d+).*", "$1")), line.replaceAll(".* groups=", ""));
    }

    /** {@code {name:count,…}} as the application printed it. */
    java.util.Map<String, Integer> groupCounts() {
      java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
      for (String item : groups.replaceAll("^\\{|\\}$", "").split(",")) {
        int equals = item.lastIndexOf('=');
        if (equals > 0) {
          counts.put(item.substring(0, equals), Integer.parseInt(item.substring(equals + 1)));
        }
      }
      return counts;
    }

    @Override
    public String toString() {
      return threads + " threads " + groups + ", " + (heap >> 10) + " KiB heap";
    }
  }
}
