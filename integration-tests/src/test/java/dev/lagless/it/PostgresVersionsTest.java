package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.VersionCheckApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The representative subset on every supported PostgreSQL major (13 to 18; the whole suite on one is
 * {@code integration-tests/run-version-matrix}): an application under the agent jar, against a primary and
 * one replica of that version: reads reach the replica; with replay paused, a session reads its own write
 * (from the primary, after waiting for the replica in vain) while another session reads the replica; once
 * replay resumes, both read the replica and see the write.
 */
class PostgresVersionsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  static IntStream majors() {
    return IntStream.rangeClosed(13, 18);
  }

  @ParameterizedTest(name = "PostgreSQL {0}")
  @MethodSource("majors")
  void routingAndReadYourWritesHold(int major, @TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().postgresVersion(major).replicas(1).redis(false).start()) {
      assertEquals(major, cluster.binaries().majorVersion());
      cluster.setUpAsApp("CREATE TABLE notes (id int PRIMARY KEY, v text)");
      ForkedJvm.Running app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
          .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port())
          .env("LAGLESS_RYOW_WAIT", "300ms")
          .main(VersionCheckApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
              cluster.appPassword(), Integer.toString(cluster.replica(0).port()), dir.toString())
          .start();
      app.awaitLine(0, line -> line.startsWith("warm "), WAIT);
      cluster.replica(0).pauseReplay();
      Files.createFile(dir.resolve("paused"));
      try {
        app.awaitLine(0, line -> line.startsWith("b-read "), WAIT);
      } finally {
        cluster.replica(0).resumeReplay();
      }
      cluster.awaitReplicasCaughtUp(WAIT);
      Files.createFile(dir.resolve("resumed"));
      assertEquals(0, app.waitFor(WAIT), app::stderr);
      String primary = "port=" + cluster.primary().port() + " ";
      String replica = "port=" + cluster.replica(0).port() + " ";
      String output = "PostgreSQL " + cluster.binaries().version() + ":\n" + String.join("\n", app.lines()) + "\n"
          + app.stderr();
      assertEquals("a-read " + primary + "v=written by a", line(app, "a-read "), output);
      assertEquals("b-read " + replica + "v=null", line(app, "b-read "), "the other session reads the replica: " + output);
      assertEquals("a-read-after " + replica + "v=written by a", line(app, "a-read-after "), output);
      assertEquals("b-read-after " + replica + "v=written by a", line(app, "b-read-after "), output);
      assertTrue(app.lines().contains("done"), output);
    }
  }

  private static String line(ForkedJvm.Running app, String prefix) {
    return app.lines().stream().filter(line -> line.startsWith(prefix)).findFirst().orElse("missing " + prefix);
  }
}
