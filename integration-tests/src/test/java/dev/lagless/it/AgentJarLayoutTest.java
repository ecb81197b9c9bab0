package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code agent/target/lagless-agent.jar}: only the bootstrap classes at the root, where
 * every class loader may see them; everything else under {@code inst/} as {@code .classdata}, where
 * only the agent's own class loader looks; third-party libraries relocated, except OpenTelemetry's API.
 */
class AgentJarLayoutTest {

  @Test
  void theManifestNamesTheEntryPoints() throws IOException {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.lagless.bootstrap.LaglessPremain", main.getValue("Premain-Class"));
      assertEquals("dev.lagless.bootstrap.LaglessPremain", main.getValue("Agent-Class"));
      assertEquals("dev.lagless.bootstrap.LaglessPremain", main.getValue("Main-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
      assertNotNull(main.getValue("Implementation-Version"));
    }
  }

  @Test
  void onlyBootstrapClassesLieOutsideTheIsolatedPrefix() throws IOException {
    List<String> misplaced = new ArrayList<>();
    for (String name : entries()) {
      boolean allowed = name.startsWith("inst/")
          || name.startsWith("META-INF/")
          || name.equals("dev/") || name.equals("dev/lagless/")
          || (name.startsWith("dev/lagless/bootstrap/"));
      if (!allowed) {
        misplaced.add(name);
      }
      if (name.startsWith("inst/") && name.endsWith(".class")) {
        misplaced.add(name + " (a .class file that application class loaders could find)");
      }
    }
    assertEquals(List.of(), misplaced);
    assertTrue(entries().contains("dev/lagless/bootstrap/LaglessPremain.class"));
    assertTrue(entries().contains("dev/lagless/bootstrap/AgentClassLoader.class"));
  }

  @Test
  void thirdPartyLibrariesAreRelocatedExceptTheOpenTelemetryApi() throws IOException {
    List<String> names = entries();
    for (String relocated : List.of("net/bytebuddy/ByteBuddy", "com/zaxxer/hikari/HikariDataSource",
        "io/lettuce/core/RedisClient", "io/netty/channel/Channel", "reactor/core/publisher/Mono",
        "org/postgresql/Driver")) {
      assertTrue(names.contains("inst/dev/lagless/shaded/" + relocated + ".classdata"), relocated + " relocated");
      assertTrue(!names.contains("inst/" + relocated + ".classdata"), relocated + " not also unrelocated");
    }
    assertTrue(names.contains("inst/io/opentelemetry/api/GlobalOpenTelemetry.classdata"),
        "the OpenTelemetry API keeps its package so the OpenTelemetry agent can bridge it");
    assertTrue(names.contains("inst/dev/lagless/agent/AgentMain.classdata"));
    assertTrue(names.stream().noneMatch(n -> n.startsWith("inst/META-INF/versions/")),
        "multi-release entries would escape relocation");
    assertTrue(names.contains("inst/dev/lagless/config/LaglessConfig.classdata"));
    for (String name : names) {
      if (name.startsWith("inst/") && name.endsWith(".classdata")) {
        String type = name.substring("inst/".length());
        assertTrue(type.startsWith("dev/lagless/") || type.startsWith("io/opentelemetry/"),
            "unrelocated third-party class " + name);
      }
    }
  }

  static String manifestVersion() {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> entries() throws IOException {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      List<String> names = new ArrayList<>();
      for (JarEntry entry : Collections.list(jar.entries())) {
        names.add(entry.getName());
      }
      return names;
    }
  }
}
