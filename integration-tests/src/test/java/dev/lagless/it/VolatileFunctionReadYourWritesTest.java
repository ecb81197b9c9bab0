package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.VolatileWriteApp;
import org.junit.jupiter.api.Test;

/**
 * A write hidden in a read: {@code SELECT bump(1)}, where {@code bump} is the application's VOLATILE
 * function that updates a row. The catalog keeps it on the primary; it must also count as a write for
 * read-your-own-writes, in auto-commit and in a transaction, or the read that follows goes to a replica
 * that has not replayed it. Replay is paused on both replicas, so such a read would miss the write.
 */
class VolatileFunctionReadYourWritesTest {

  @Test
  void aWriteThroughAVolatileFunctionIsReadBack() throws Exception {
    LocalCluster cluster = SharedCluster.get();
    cluster.setUpAsApp("DROP TABLE IF EXISTS counters",
        "CREATE TABLE counters (id int PRIMARY KEY, v int NOT NULL)",
        "INSERT INTO counters VALUES (1, 0)",
        "CREATE OR REPLACE FUNCTION bump(i int) RETURNS int LANGUAGE sql VOLATILE"
          + " AS 'UPDATE counters SET v = v + 1 WHERE id = i RETURNING v'");
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    ForkedJvm.Result run;
    try {
      run = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
          .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
          .main(VolatileWriteApp.class, SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword())
          .run();
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
    assertEquals(0, run.exitCode, run::toString);
    RoutedLines lines = new RoutedLines(run, cluster);
    assertTrue(lines.line("autocommit").startsWith("autocommit written=1 read=1 "), lines.why());
    assertTrue(lines.line("transaction").startsWith("transaction written=2 read=2 "), lines.why());
    assertEquals("done", lines.line("done"), lines.why());
  }
}
