package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.AdversarialSqlApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reliability issue's adversarial SQL: random statements built from the shapes that hide writes
 * (see {@link AdversarialSqlApp}) go through the full agent to a real primary and two replicas. No
 * statement that writes may ever run on a replica: the application must never see SQLSTATE 25006
 * (read-only transaction), while reads do go to the replicas. The same application pointed straight
 * at a replica, without the agent, does see 25006: the count is real.
 */
class AdversarialSqlTest {

  private static final int STATEMENTS = 1_500;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp(AdversarialSqlApp.SCHEMA);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String replicaPorts() {
    return cluster.replica(0).port() + "," + cluster.replica(1).port();
  }

  private static int printed(ForkedJvm.Result run, String key) {
    return run.stdout.lines().filter(l -> l.startsWith(key + " ")).findFirst()
        .map(l -> Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).orElse(0);
  }

  @Test
  void noWriteEverRunsOnAReplicaWhileReadsDo() {
    for (String seed : new String[] {"1", "2"}) {
      ForkedJvm.Result run = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
          .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
          .env("LAGLESS_MAX_LAG", "1h")
          .main(AdversarialSqlApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
              cluster.appPassword(), seed, String.valueOf(STATEMENTS), replicaPorts()).run();
      assertEquals(0, run.exitCode, run::toString);
      assertEquals(0, printed(run, "sqlstate 25006"), "a write ran on a replica (seed " + seed + "): " + run);
      assertTrue(printed(run, "replica-reads") >= 100, "reads went to the replicas (seed " + seed + "): " + run);
      assertTrue(printed(run, "executed") >= STATEMENTS / 2, "most statements ran (seed " + seed + "): " + run);
    }
  }

  @Test
  void straightOnAReplicaTheSameStatementsAreRefused() {
    ForkedJvm.Result run = ForkedJvm.on(ForkedJvm.jdks().get(0))
        .main(AdversarialSqlApp.class, cluster.replica(0).jdbcUrl(cluster.database()), cluster.appUser(),
            cluster.appPassword(), "1", "300", replicaPorts()).run();
    assertEquals(0, run.exitCode, run::toString);
    assertTrue(printed(run, "sqlstate 25006") >= 50, "the replica refuses the writes: " + run);
  }
}
