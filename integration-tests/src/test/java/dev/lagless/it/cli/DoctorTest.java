package dev.lagless.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.ForkedJvm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar lagless-agent.jar doctor} against real servers: a healthy setup passes (exit 0); a
 * replica of another cluster, a stopped replica, a wrong password and an unreachable Redis each
 * produce their finding with a fix, and exit 1. The password never appears in its output.
 */
class DoctorTest {

  private static LocalCluster cluster;
  private static LocalCluster otherCluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(true).start();
    otherCluster = LocalCluster.builder().replicas(1).redis(false).start();
    // The same role and password there, as when a replica of a look-alike cluster (staging, an old copy)
    // is listed by mistake: only the system identifier tells them apart.
    otherCluster.primary().query("postgres", "ALTER ROLE " + otherCluster.appUser() + " PASSWORD '"
        + cluster.appPassword() + "'");
    otherCluster.awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (otherCluster != null) {
      otherCluster.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String replicas() {
    return "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
  }

  private static ForkedJvm.Result doctor(String password, Map<String, String> settings) {
    ForkedJvm jvm = ForkedJvm.on(ForkedJvm.jdks().get(0)).env("PGPASSWORD", password);
    settings.forEach(jvm::env);
    ForkedJvm.Result run = jvm.jar(ForkedJvm.agentJar(), "doctor", "--url", cluster.primary().jdbcUrl(cluster.database()),
        "--user", cluster.appUser()).run();
    assertFalse(run.stdout.contains(cluster.appPassword()) || run.stderr.contains(cluster.appPassword()),
        "the password never appears: " + run);
    return run;
  }

  /** The lines of the report's section whose title starts with {@code title}. */
  private static String section(ForkedJvm.Result run, String title) {
    String out = run.stdout;
    int start = out.indexOf("\n" + title);
    assertTrue(start >= 0, "no section " + title + ": " + run);
    int end = out.indexOf("\n\n", start + 1);
    return out.substring(start, end < 0 ? out.length() : end);
  }

  @Test
  void aHealthySetupPasses() {
    ForkedJvm.Result run = doctor(cluster.appPassword(), Map.of("LAGLESS_REPLICAS", replicas(),
        "LAGLESS_REDIS_URL", cluster.redis().uri()));
    assertEquals(0, run.exitCode, run::toString);
    assertFalse(run.stdout.contains("PROBLEM"), run::toString);
    assertTrue(section(run, "primary").contains("the primary (not in recovery)"), run::toString);
    assertTrue(section(run, "primary").contains("allowed for " + cluster.appUser()), run::toString);
    for (int i = 0; i < 2; i++) {
      String replica = section(run, "replica 127.0.0.1:" + cluster.replica(i).port());
      assertTrue(replica.contains("a streaming replica of the same cluster"), replica);
      assertTrue(replica.contains("lag now"), replica);
      assertTrue(replica.contains("hot_standby_feedback = "), replica);
    }
    assertTrue(section(run, "redis").contains("answers (PONG)"), run::toString);
    assertTrue(run.stdout.contains("All is well"), run::toString);
  }

  @Test
  void aReplicaOfAnotherClusterIsFound() {
    ForkedJvm.Result run = doctor(cluster.appPassword(), Map.of("LAGLESS_REPLICAS",
        "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + otherCluster.replica(0).port()));
    assertEquals(1, run.exitCode, run::toString);
    String other = section(run, "replica 127.0.0.1:" + otherCluster.replica(0).port());
    assertTrue(other.contains("PROBLEM") && other.contains("a replica of another cluster") && other.contains("fix: "), other);
    assertFalse(section(run, "replica 127.0.0.1:" + cluster.replica(0).port()).contains("PROBLEM"), run::toString);
  }

  @Test
  void aStoppedReplicaIsFound() throws Exception {
    cluster.replica(1).stop();
    try {
      ForkedJvm.Result run = doctor(cluster.appPassword(), Map.of("LAGLESS_REPLICAS", replicas()));
      assertEquals(1, run.exitCode, run::toString);
      String stopped = section(run, "replica 127.0.0.1:" + cluster.replica(1).port());
      assertTrue(stopped.contains("PROBLEM") && stopped.contains("not reachable") && stopped.contains("fix: "), stopped);
    } finally {
      cluster.replica(1).start();
    }
  }

  @Test
  void aWrongPasswordIsFound() {
    ForkedJvm.Result run = doctor("not-the-password", Map.of("LAGLESS_REPLICAS", replicas()));
    assertEquals(1, run.exitCode, run::toString);
    String primary = section(run, "primary");
    assertTrue(primary.contains("PROBLEM") && primary.contains("refused user " + cluster.appUser())
        && primary.contains("PGPASSWORD"), primary);
    assertFalse(run.stdout.contains("not-the-password"), "not even a wrong password is printed: " + run);
  }

  @Test
  void anUnreachableRedisIsFound() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ForkedJvm.Result run = doctor(cluster.appPassword(), Map.of("LAGLESS_REPLICAS", replicas(),
        "LAGLESS_REDIS_URL", "redis://:redis-secret@127.0.0.1:" + closedPort));
    assertEquals(1, run.exitCode, run::toString);
    String redis = section(run, "redis");
    assertTrue(redis.contains("PROBLEM") && redis.contains("127.0.0.1:" + closedPort + " not reachable")
        && redis.contains("fix: "), redis);
    assertFalse(run.stdout.contains("redis-secret"), "Redis's password is not printed either: " + run);
  }

  @Test
  void badSettingsAreFoundWithoutTouchingTheServers() {
    ForkedJvm.Result run = doctor(cluster.appPassword(), Map.of("LAGLESS_REPLICAS", replicas(),
        "LAGLESS_MAX_LAG", "soon"));
    assertEquals(1, run.exitCode, run::toString);
    assertTrue(section(run, "settings").contains("LAGLESS_MAX_LAG"), run::toString);
  }
}
