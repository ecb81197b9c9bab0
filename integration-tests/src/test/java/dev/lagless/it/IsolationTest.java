package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.OwnLibrariesApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application with its own HikariCP (5.x) and Netty (4.1.x), older than the agent's: it gets its own
 * copies and nothing of the agent's, with or without the agent attached.
 */
class IsolationTest {

  static List<Path> jdks() {
    return ForkedJvm.jdks();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void anApplicationsOwnLibraryVersionsAreUnaffected(Path jdk) {
    LocalCluster cluster = SharedCluster.get();
    String[] args = {SharedCluster.primaryUrl(), cluster.appUser(), cluster.appPassword()};
    ForkedJvm.Result without = ForkedJvm.on(jdk).main(OwnLibrariesApp.class, args).run();
    ForkedJvm.Result with = ForkedJvm.on(jdk).withAgent().main(OwnLibrariesApp.class, args).run();

    assertEquals(0, without.exitCode, without::toString);
    assertEquals(0, with.exitCode, with::toString);
    assertEquals(without.stdout, with.stdout);
    assertEquals(1, with.laglessLines().size(), with::toString);

    String out = with.stdout;
    assertTrue(out.contains("hikari from HikariCP-" + System.getProperty("it.app.hikari", "5.1.0") + ".jar"), out);
    assertTrue(out.contains("netty 4.1."), out);
    assertTrue(out.contains("com/zaxxer/hikari/HikariDataSource.class copies=1"), out);
    assertTrue(out.contains("io/netty/util/Version.class copies=1"), out);
    assertTrue(out.contains("org/postgresql/Driver.class copies=1"), out);
    for (String absent : List.of("io/lettuce/core/RedisClient.class", "net/bytebuddy/ByteBuddy.class",
        "io/opentelemetry/api/OpenTelemetry.class")) {
      assertTrue(out.contains(absent + " copies=0"), absent + " of the agent is invisible to the application:\n" + out);
    }
    for (String hidden : List.of("dev.lagless.shaded.com.zaxxer.hikari.HikariDataSource",
        "dev.lagless.shaded.io.netty.util.Version", "dev.lagless.config.LaglessConfig")) {
      assertTrue(out.contains(hidden + " not visible"), out);
    }
    assertTrue(out.contains("pool answer 42"), out);
  }
}
