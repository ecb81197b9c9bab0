package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.ServerQuestionsApp;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 6: what an application asks its server about the server itself — in recovery or not,
 * read-only or not, hot-standby state, WAL positions, replication and activity views, settings — is
 * answered as the primary answers it, with or without the agent, while the reads that may run
 * anywhere still go to replicas.
 */
class ServerQuestionsTest {

  @Test
  void theServerAnswersForThePrimary() {
    LocalCluster cluster = SharedCluster.get();
    ForkedJvm.Result without = app(cluster, false);
    ForkedJvm.Result with = app(cluster, true);
    assertEquals(0, without.exitCode, without::toString);
    assertEquals(0, with.exitCode, with::toString);

    List<String> answersWithout = answers(without);
    assertTrue(answersWithout.contains("answer show-transaction-read-only=off"), without::toString);
    assertTrue(answersWithout.contains("answer pg-is-in-recovery=f"), without::toString);
    assertEquals(answersWithout, answers(with), "the agent changed an answer:\n" + with);

    // What may run anywhere still does: a custom setting's read (row-level security), and the next
    // read-only transaction once the one that asked has ended.
    RoutedLines lines = new RoutedLines(with, cluster);
    lines.onReplica("custom-setting");
    lines.onReplica("next-read-only-tx");
  }

  /**
   * Built-ins classified from the generated table: reads that a hand-kept list kept on the primary run
   * on replicas (also a whole read-only transaction), and what a standby refuses or does differently
   * even in a read-only transaction keeps that transaction on the primary — with the same answers.
   */
  @Test
  void builtinReadsRunOnReplicasAndWhatAStandbyRefusesOnThePrimary() throws Exception {
    LocalCluster cluster = SharedCluster.get();
    cluster.setUpAsApp("CREATE TABLE IF NOT EXISTS items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO items SELECT g, 'item' || g, g FROM generate_series(1, 10) g ON CONFLICT DO NOTHING");
    cluster.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(20));
    ForkedJvm.Result without = app(cluster, false, dev.lagless.it.apps.BuiltinReadsApp.class);
    ForkedJvm.Result with = app(cluster, true, dev.lagless.it.apps.BuiltinReadsApp.class);
    assertEquals(0, without.exitCode, without::toString);
    assertEquals(0, with.exitCode, with::toString);
    assertEquals(values(without), values(with), "the agent changed an answer:\n" + with);

    RoutedLines lines = new RoutedLines(with, cluster);
    lines.onReplica("recursive-cte");
    lines.onReplica("tablesample");
    lines.onReplica("xid-if-assigned");
    lines.onReplica("ro-tx-1");
    lines.onReplica("ro-tx-2");
    lines.onReplica("ro-tx-3");
    assertEquals(port(lines, "ro-tx-1"), port(lines, "ro-tx-3"), "one transaction, one replica:\n" + with);
    lines.onPrimary("ro-tx-xid");
    lines.onPrimary("ro-tx-xid-then-read");
    lines.onPrimary("ro-tx-lock");
  }

  private static String port(RoutedLines lines, String label) {
    String line = lines.line(label);
    return line.substring(line.indexOf("port="), line.indexOf(" value="));
  }

  private static List<String> values(ForkedJvm.Result run) {
    return run.stdout.lines().map(line -> line.replaceAll(" port=\\d+", "")).collect(Collectors.toList());
  }

  private static ForkedJvm.Result app(LocalCluster cluster, boolean agent) {
    return app(cluster, agent, ServerQuestionsApp.class);
  }

  private static ForkedJvm.Result app(LocalCluster cluster, boolean agent, Class<?> main) {
    ForkedJvm jvm = ForkedJvm.on(ForkedJvm.jdks().get(0));
    if (agent) {
      jvm = jvm.withAgent().env("LAGLESS_REPLICAS",
          "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port());
    }
    return jvm.main(main, SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword()).run();
  }

  private static List<String> answers(ForkedJvm.Result run) {
    return run.stdout.lines().filter(line -> line.startsWith("answer ")).collect(Collectors.toList());
  }
}
