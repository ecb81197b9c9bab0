package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.PlainJdbcApp;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A plain JDBC application run with {@code -javaagent:lagless-agent.jar}, on every JDK we support: it
 * prints exactly what it prints without the agent, and the agent says one line on stderr.
 */
class AgentAttachTest {

  private static final AtomicInteger TABLES = new AtomicInteger();

  static List<Path> jdks() {
    return ForkedJvm.jdks();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theApplicationBehavesExactlyAsWithoutTheAgentAndTheAgentSaysOneLine(Path jdk) {
    ForkedJvm.Result without = plainApp(jdk, false).run();
    ForkedJvm.Result with = plainApp(jdk, true).env("LAGLESS_REPLICAS", replicas()).run();

    assertEquals(0, without.exitCode, without::toString);
    assertEquals(0, with.exitCode, with::toString);
    assertTrue(without.stdout.contains("done"), without::toString);
    assertEquals(normalize(without.stdout), normalize(with.stdout));
    assertEquals(List.of(), without.laglessLines());
    List<String> lines = with.laglessLines();
    assertEquals(1, lines.size(), with::toString);
    assertTrue(lines.get(0).matches("\\[lagless\\] Lagless \\S+ enabled on Java .*"), lines.get(0));
    assertTrue(lines.get(0).contains("replicas=[" + replicas().replace(",", ", ") + "]"), lines.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void aBadSettingPrintsOneClearLineAndChangesNothing(Path jdk) {
    ForkedJvm.Result without = plainApp(jdk, false).run();
    ForkedJvm.Result with = plainApp(jdk, true).env("LAGLESS_MAX_LAG", "soon").run();

    assertEquals(0, with.exitCode, with::toString);
    assertEquals(normalize(without.stdout), normalize(with.stdout));
    List<String> lines = with.laglessLines();
    assertEquals(1, lines.size(), with::toString);
    assertEquals("[lagless] LAGLESS_MAX_LAG=soon is invalid: expected a positive duration such as 500ms, 2s, 1.5s, "
        + "1min or 1h, or a size such as 16MB, 512kB or 1GB; Lagless " + version()
        + " runs in pass-through mode (the application behaves as without the agent)", lines.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void failFastStopsTheJvmWithStatusTwoBeforeMain(Path jdk) {
    ForkedJvm.Result result = plainApp(jdk, true)
        .env("LAGLESS_BALANCE", "fastest")
        .env("LAGLESS_FAIL_FAST", "true")
        .run();
    assertEquals(2, result.exitCode, result::toString);
    assertEquals("", result.stdout, "main never ran");
    assertTrue(result.laglessLines().get(0).contains("LAGLESS_BALANCE=fastest is invalid"), result::toString);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void attachingTwiceStartsOnce(Path jdk) {
    ForkedJvm.Result without = plainApp(jdk, false).run();
    ForkedJvm.Result twice = plainApp(jdk, true).withAgent().run();
    assertEquals(0, twice.exitCode, twice::toString);
    assertEquals(normalize(without.stdout), normalize(twice.stdout));
    List<String> lines = twice.laglessLines();
    assertEquals(2, lines.size(), twice::toString);
    assertTrue(lines.get(0).contains(" enabled on Java "));
    assertTrue(lines.get(1).startsWith("[lagless] already attached"), lines.get(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void disabledIsSilentApartFromSayingSo(Path jdk) {
    ForkedJvm.Result result = plainApp(jdk, true).env("LAGLESS_ENABLED", "false").env("LAGLESS_MAX_LAG", "junk").run();
    assertEquals(0, result.exitCode, result::toString);
    assertEquals(List.of("[lagless] Lagless " + version()
        + " disabled by LAGLESS_ENABLED=false; the application runs without it"), result.laglessLines());
  }

  /** Each run makes its own table; the name is the one thing allowed to differ between runs. */
  private static ForkedJvm plainApp(Path jdk, boolean agent) {
    LocalCluster cluster = SharedCluster.get();
    ForkedJvm jvm = ForkedJvm.on(jdk).main(PlainJdbcApp.class, SharedCluster.primaryUrl(), cluster.appUser(),
        cluster.appPassword(), "fruit_" + TABLES.incrementAndGet());
    return agent ? jvm.withAgent() : jvm;
  }

  private static String replicas() {
    LocalCluster cluster = SharedCluster.get();
    return "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
  }

  private static String normalize(String stdout) {
    return stdout.replaceAll("fruit_\\d+", "fruit_N");
  }

  /** The version the start line names: the one in the agent jar's manifest. */
  private static String version() {
    return AgentJarLayoutTest.manifestVersion();
  }
}
