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

  private static ForkedJvm.Result app(LocalCluster cluster, boolean agent) {
    ForkedJvm jvm = ForkedJvm.on(ForkedJvm.jdks().get(0));
    if (agent) {
      jvm = jvm.withAgent().env("LAGLESS_REPLICAS",
          "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port());
    }
    return jvm.main(ServerQuestionsApp.class, SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword()).run();
  }

  private static List<String> answers(ForkedJvm.Result run) {
    return run.stdout.lines().filter(line -> line.startsWith("answer ")).collect(Collectors.toList());
  }
}
