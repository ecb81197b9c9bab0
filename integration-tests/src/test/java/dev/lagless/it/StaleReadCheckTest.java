package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.StaleReadCheckApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stale-read checker, short form: four sessions write and read back their own rows for a few
 * seconds while replay on the replicas is paused and resumed at random (seeded). No read may be
 * stale, none may fail, and replicas must still serve reads (else the check proves nothing).
 */
class StaleReadCheckTest {

  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp("CREATE TABLE checks (session int, seq int, v text, PRIMARY KEY (session, seq))");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void noStaleReadWhileLagComesAndGoes() throws Exception {
    ForkedJvm.Running app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        .main(StaleReadCheckApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
            cluster.appPassword(), "4", "6", String.valueOf(cluster.primary().port()))
        .start();
    int toggles = ReplayPauses.untilTotal(cluster, app, 20261122L, 40);
    assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app::stderr);
    List<String> lines = app.lines();
    String total = lines.get(lines.size() - 1);
    String output = String.join("\n", lines) + "\n" + app.stderr();
    assertTrue(total.matches("total reads=\\d+ stale=0 replica=\\d+ primary=\\d+ errors=0"), output);
    long replicaReads = Long.parseLong(total.replaceAll(".* replica=(\\d+) .*", "$1"));
    assertTrue(replicaReads > 0, "no read was served by a replica: " + total);
    System.out.println("[stale-read check] " + total + " with " + toggles + " pauses");
  }
}
