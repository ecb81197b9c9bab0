package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import java.util.Random;

/** Lag that comes and goes: replay on a random replica paused for 50–350 ms, again and again. */
final class ReplayPauses {

  private ReplayPauses() {}

  /**
   * Pauses and resumes replay at random (seeded) until the application prints its {@code total} line
   * or {@code maxPauses} were made; every replica replays again when it returns. Returns the pauses made.
   */
  static int untilTotal(LocalCluster cluster, ForkedJvm.Running app, long seed, int maxPauses) throws Exception {
    Random random = new Random(seed);
    int pauses = 0;
    try {
      while (app.lines().stream().noneMatch(line -> line.startsWith("total")) && pauses < maxPauses) {
        PostgresNode replica = cluster.replica(random.nextInt(cluster.replicas().size()));
        replica.pauseReplay();
        Thread.sleep(50 + random.nextInt(300)); // how long the lag lasts: the injected fault, not a synchronisation
        replica.resumeReplay();
        Thread.sleep(random.nextInt(200));
        pauses++;
      }
    } finally {
      for (PostgresNode replica : cluster.replicas()) {
        replica.resumeReplay();
      }
    }
    return pauses;
  }
}
