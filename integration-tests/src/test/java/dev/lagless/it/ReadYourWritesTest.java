package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.RyowApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-own-writes in one JVM (SPEC §3), with lag made exact by pausing replay on both replicas:
 * the session that wrote reads its write (on the primary, after waiting for a replica in vain); another
 * session at the same moment reads from a replica and does not see it (so reads really go to
 * replicas); once replay resumes, both sessions' reads go to replicas again and see the write.
 */
class ReadYourWritesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theWriterReadsItsWriteAndOthersStillUseReplicas(@TempDir Path dir) throws Exception {
    String url = cluster.primary().jdbcUrl(cluster.database());
    cluster.setUpAsApp("CREATE TABLE notes (id int PRIMARY KEY, v text)");
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    Path resumed = dir.resolve("resumed");
    ForkedJvm.Running app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        .env("LAGLESS_RYOW_WAIT", "1s")
        .main(RyowApp.class, url, cluster.appUser(), cluster.appPassword(), resumed.toString())
        .start();
    try {
      app.awaitLine(0, line -> line.startsWith("b-read ") || line.startsWith("error"), WAIT);
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
    Files.createFile(resumed);
    assertEquals(0, app.waitFor(WAIT), app::stderr);
    String primary = "port=" + cluster.primary().port() + " ";
    java.util.Set<String> replicas = java.util.Set.of("port=" + cluster.replica(0).port() + " ",
        "port=" + cluster.replica(1).port() + " ");
    String output = String.join("\n", app.lines()) + "\n" + app.stderr();
    assertEquals("a-read " + primary + "v=written by a", find(app, "a-read "), output);
    String bRead = find(app, "b-read ");
    assertEquals(true, replicas.stream().anyMatch(bRead::contains) && bRead.endsWith("v=null"),
        "another session reads a replica that has not replayed the write: " + output);
    String aAfter = find(app, "a-read-after ");
    assertEquals(true, replicas.stream().anyMatch(aAfter::contains) && aAfter.endsWith("v=written by a"),
        "after replay resumes, the writer reads from a replica that has its write: " + output);
    String bAfter = find(app, "b-read-after ");
    assertEquals(true, replicas.stream().anyMatch(bAfter::contains), output);
  }

  private static String find(ForkedJvm.Running app, String prefix) {
    return app.lines().stream().filter(line -> line.startsWith(prefix)).findFirst().orElse("missing " + prefix);
  }
}
