package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PgBouncer;
import dev.lagless.it.apps.SessionSettingsApp;
import dev.lagless.it.apps.StaleReadCheckApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PgBouncer in transaction pooling mode in front of the primary and of each replica (the application
 * and {@code LAGLESS_REPLICAS} both go through them, with {@code prepareThreshold=0} as pgjdbc needs
 * there). Routing and read-your-own-writes hold; session parameters cannot be carried through a
 * transaction pooler, so the agent sees the pooler (the server's port is not the one it dialled), says
 * so in one line, and sends the reads of sessions that SET something to the primary.
 */
class PgBouncerTest {

  private static LocalCluster cluster;
  private static PgBouncer primary;
  private static PgBouncer replica0;
  private static PgBouncer replica1;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp("CREATE TABLE checks (session int, seq int, v text, PRIMARY KEY (session, seq))");
    primary = PgBouncer.inFront(cluster, cluster.primary(), "transaction");
    replica0 = PgBouncer.inFront(cluster, cluster.replica(0), "transaction");
    replica1 = PgBouncer.inFront(cluster, cluster.replica(1), "transaction");
  }

  @AfterAll
  static void stop() {
    for (PgBouncer bouncer : new PgBouncer[] {primary, replica0, replica1}) {
      if (bouncer != null) {
        bouncer.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ForkedJvm app() {
    return ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + replica0.port() + ",127.0.0.1:" + replica1.port());
  }

  @Test
  void readsGoToTheReplicasAndNoneIsStaleWhileLagComesAndGoes() throws Exception {
    ForkedJvm.Running app = app().main(StaleReadCheckApp.class, primary.jdbcUrl(cluster.database()),
        cluster.appUser(), cluster.appPassword(), "4", "5", String.valueOf(cluster.primary().port())).start();
    ReplayPauses.untilTotal(cluster, app, 20261203L, Integer.MAX_VALUE);
    assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app::stderr);
    List<String> lines = app.lines();
    String total = lines.get(lines.size() - 1);
    String output = String.join("\n", lines) + "\n" + app.stderr();
    assertTrue(total.matches("total reads=\\d+ stale=0 replica=\\d+ primary=\\d+ errors=0"), output);
    assertTrue(Long.parseLong(total.replaceAll(".* replica=(\\d+) .*", "$1")) > 0, "no read on a replica: " + total);
    System.out.println("[pgbouncer] " + total);
  }

  @Test
  void sessionsThatSetParametersReadOnThePrimaryAndTheLogSaysWhy() throws Exception {
    ForkedJvm.Result result = app().main(SessionSettingsApp.class, primary.jdbcUrl(cluster.database()),
        cluster.appUser(), cluster.appPassword(), String.valueOf(cluster.primary().port()), "100").run();
    String output = result.stdout + "\n" + result.stderr;
    assertEquals(0, result.exitCode, output);
    String plain = line(result.stdout, "plain ");
    String set = line(result.stdout, "set ");
    assertTrue(plain.matches("plain replica=\\d+ primary=\\d+ paths=\\[\\{public\\}\\]")
        && !plain.startsWith("plain replica=0 "), "a session without SET reads on the replicas: " + output);
    assertTrue(set.startsWith("set replica=0 primary=100 "),
        "a session with SET reads on the primary, its SET never replayed through a pooler: " + output);
    assertTrue(result.laglessLines().stream().anyMatch(line -> line.contains("is reached through a pooler or proxy")
        && (line.contains("port " + cluster.replica(0).port()) || line.contains("port " + cluster.replica(1).port()))),
        "one line says why: " + output);
  }

  private static String line(String stdout, String prefix) {
    return stdout.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ")");
  }
}
