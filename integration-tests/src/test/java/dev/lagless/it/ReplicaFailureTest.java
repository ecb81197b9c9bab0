package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.ReadLoadApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas failing under a running read load (SPEC §2 failures, rule 1): a killed replica costs the
 * application no error and its reads move to the other replica, then come back when it returns; a
 * replica whose replay is paused beyond {@code LAGLESS_MAX_LAG} gets no reads until it has caught up.
 * Uses its own cluster, since it breaks replicas on purpose.
 */
class ReplicaFailureTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp(ReadLoadApp.SCHEMA);
    cluster.setUpAsApp("CREATE TABLE beats (at timestamptz)");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killedReplicaCostsNoErrorAndComesBack(@TempDir Path dir) throws Exception {
    Load load = startLoad(dir, "5s");
    ForkedJvm.Running app = load.app;
    int at = load.readingBoth;

    cluster.replica(0).kill();
    // Reads settle on the other replica: three windows in a row with reads there and none on the dead one.
    at = awaitWindows(app, at, line -> !line.contains(load.r0 + ":") && line.contains(load.r1 + ":"), 3);

    cluster.replica(0).start();
    app.awaitLine(at, line -> line.contains(load.r0 + ":"), WAIT);
    stopWithoutErrors(app, load.stop);
  }

  @Test
  void restartedReplicaCostsNoErrorAndComesBack(@TempDir Path dir) throws Exception {
    Load load = startLoad(dir, "5s");
    ForkedJvm.Running app = load.app;
    int at = load.readingBoth;

    // A fast shutdown (an operator's restart: configuration change, minor upgrade) ends the sessions
    // reading there with 57P01; the replica then starts again, replays what it missed and serves reads.
    cluster.replica(0).stop();
    at = awaitWindows(app, at, line -> !line.contains(load.r0 + ":") && line.contains(load.r1 + ":"), 3);
    cluster.replica(0).start();
    app.awaitLine(at, line -> line.contains(load.r0 + ":"), WAIT);
    stopWithoutErrors(app, load.stop);
  }

  @Test
  void hungReplicaCostsNoErrorAndComesBack(@TempDir Path dir) throws Exception {
    Load load = startLoad(dir, "5s");
    ForkedJvm.Running app = load.app;
    int at = load.readingBoth;

    // Every process of the replica stops: connections stay open, nothing answers (a hung server, not a
    // dead one). Reads in flight there block; once the monitor's poll times out they are cut loose and
    // retried on the other replica, so every thread of the application reads again while it stays hung.
    Signals.send(cluster.replica(0).pid(), "STOP");
    try {
      at = awaitWindows(app, at, line -> !line.contains(load.r0 + ":") && line.contains(load.r1 + ":")
          && line.contains(" active=4 "), 5);
    } finally {
      Signals.send(cluster.replica(0).pid(), "CONT");
    }
    app.awaitLine(at, line -> line.contains(load.r0 + ":"), WAIT);
    stopWithoutErrors(app, load.stop);
  }

  /** Stops the load and checks that the application saw no error, in any window or in total. */
  private static void stopWithoutErrors(ForkedJvm.Running app, Path stop) throws Exception {
    Files.createFile(stop);
    assertEquals(0, app.waitFor(WAIT), app::stderr);
    List<String> lines = app.lines();
    String total = lines.get(lines.size() - 1);
    assertTrue(total.startsWith("total reads=") && total.endsWith(" errors=0"),
        "the application saw errors:\n" + String.join("\n", lines) + "\n" + app.stderr());
    assertTrue(lines.stream().noneMatch(line -> line.startsWith("error")), String.join("\n", lines));
  }

  @Test
  void replicaBeyondMaxLagGetsNoReadsUntilCaughtUp(@TempDir Path dir) throws Exception {
    Load load = startLoad(dir, "300ms");
    ForkedJvm.Running app = load.app;
    int at = load.readingBoth;

    cluster.replica(0).pauseReplay();
    try (Connection c = DriverManager.getConnection(url(), cluster.appUser(), cluster.appPassword());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO beats VALUES (now())"); // new WAL that the paused replica will not replay
    }
    at = awaitWindows(app, at, line -> !line.contains(load.r0 + ":") && line.contains(load.r1 + ":"), 3);
    int excludedFrom = at;
    // While replay stays paused, the lagging replica must not get a single read.
    int lastWhilePaused = awaitWindows(app, at, line -> line.contains(load.r1 + ":"), 5);
    for (String line : app.lines().subList(excludedFrom, lastWhilePaused + 1)) {
      assertTrue(!line.contains(load.r0 + ":"), "a replica beyond max lag got reads: " + line);
    }

    cluster.replica(0).resumeReplay();
    app.awaitLine(lastWhilePaused, line -> line.contains(load.r0 + ":"), WAIT);
    stopWithoutErrors(app, load.stop);
  }

  /** The read load of a scenario, once both replicas serve it. */
  private static final class Load {
    final Path stop;
    final ForkedJvm.Running app;
    /** The replicas' ports, as tick lines name them. */
    final int r0 = cluster.replica(0).port();
    final int r1 = cluster.replica(1).port();
    /** The tick line where both replicas had reads. */
    final int readingBoth;

    Load(Path stop, ForkedJvm.Running app) throws InterruptedException {
      this.stop = stop;
      this.app = app;
      this.readingBoth = app.awaitLine(0, line -> line.contains(r0 + ":") && line.contains(r1 + ":"), WAIT);
    }
  }

  /** Starts {@link ReadLoadApp} under the agent and waits until it reads on both replicas. */
  private static Load startLoad(Path dir, String maxLag) throws InterruptedException {
    Path stop = dir.resolve("stop");
    return new Load(stop, load(stop, maxLag));
  }

  private static ForkedJvm.Running load(Path stop, String maxLag) {
    return ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        .env("LAGLESS_MAX_LAG", maxLag)
        .env("LAGLESS_BALANCE", "round_robin")
        .main(ReadLoadApp.class, url(), cluster.appUser(), cluster.appPassword(), stop.toString(), "4")
        .start();
  }

  /** Waits for {@code count} consecutive tick lines matching; returns the index of the last. */
  private static int awaitWindows(ForkedJvm.Running app, int from, java.util.function.Predicate<String> matches,
      int count) throws InterruptedException {
    int index = from;
    int inRow = 0;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (inRow < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + count + " windows in a row matched:\n" + String.join("\n", app.lines()));
      }
      index = app.awaitLine(index + 1, line -> line.startsWith("tick"), WAIT);
      inRow = matches.test(app.lines().get(index)) ? inRow + 1 : 0;
    }
    return index;
  }

  private static String url() {
    return cluster.primary().jdbcUrl(cluster.database());
  }
}
