package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.DriverBehaviourApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What pgjdbc's own test suite found different under the agent (docs/reliability.md, "pgjdbc's own test
 * suite"), each as a step of an application that knows nothing of Lagless: its output with the agent
 * must be its output without it (the ports aside), and the reads concerned must really have run on a
 * replica, or the comparison would prove nothing.
 */
class DriverBehaviourTest {

  private static final String ROLE = "lagless_behaviour";
  private static final String ROLE_PASSWORD = "behaviour-" + Long.toHexString(System.nanoTime());

  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = SharedCluster.get();
    // A role of the application's own, whose session defaults it may change without touching other tests'.
    cluster.primary().query("postgres", "DROP ROLE IF EXISTS " + ROLE);
    cluster.primary().query("postgres", "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
    cluster.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(10));
  }

  @Test
  void theDriversBehaviourIsTheSameWithTheAgent() {
    ForkedJvm.Result plain = run(false);
    ForkedJvm.Result routed = run(true);
    assertEquals(0, plain.exitCode, plain::toString);
    assertEquals(0, routed.exitCode, routed::toString);

    RoutedLines lines = new RoutedLines(routed, cluster);
    lines.onReplica("client-info");
    lines.endsWith("client-info", "application_name=my app");
    lines.onReplica("close-on-completion");
    lines.endsWith("close-on-completion", "statementClosed=true");
    lines.onReplica("prepare-threshold");
    lines.endsWith("prepare-threshold", "bytes=8");
    assertEquals("custom-type class=Point value=(1,2)", lines.line("custom-type"), lines.why());
    assertTrue(lines.line("aborted-before").startsWith("aborted-before sqlstate=08003 closed=true"), lines.why());
    assertEquals("aborted-while failed withinTenSeconds=true", lines.line("aborted-while"), lines.why());
    assertTrue(lines.line("network-timeout").endsWith("closed=true"), lines.why());
    lines.onReplica("defaults-before");
    lines.endsWith("defaults-before", "isolation=read committed");
    lines.onReplica("defaults-after");
    lines.endsWith("defaults-after", "isolation=repeatable read");

    assertEquals(withoutPorts(plain.stdout), withoutPorts(routed.stdout),
        "the application must not tell the agent is there\n" + plain + "\n" + routed);
  }

  private static ForkedJvm.Result run(boolean agent) {
    ForkedJvm jvm = ForkedJvm.on(ForkedJvm.jdks().get(0));
    if (agent) {
      jvm = jvm.withAgent().env("LAGLESS_REPLICAS",
          "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port());
    }
    return jvm.main(DriverBehaviourApp.class, SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword(),
        ROLE, ROLE_PASSWORD).run();
  }

  private static String withoutPorts(String stdout) {
    return stdout.replaceAll(" port=\\d+", "");
  }
}
