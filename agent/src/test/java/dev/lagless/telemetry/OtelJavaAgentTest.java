package dev.lagless.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtelJavaAgentTest {

  @TempDir
  Path dir;

  private Path jar(String name, String premainClass) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", premainClass);
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      return jar;
    }
  }

  @Test
  void theOpenTelemetryAgentIsRecognisedByItsPremainClassWhateverItsFileName() throws Exception {
    Path otel = jar("renamed-agent.jar", OtelJavaAgent.PREMAIN_CLASS);
    Path other = jar("opentelemetry-javaagent.jar", "com.example.NotIt");
    assertTrue(OtelJavaAgent.attached(List.of("-Xmx1g", "-javaagent:" + otel + "=some,options")));
    assertFalse(OtelJavaAgent.attached(List.of("-javaagent:" + other)));
    assertFalse(OtelJavaAgent.attached(List.of("-javaagent:" + dir.resolve("missing.jar"))));
    assertFalse(OtelJavaAgent.attached(List.of()));
  }

  @Test
  void itsJdbcSpansAreOnUnlessTurnedOff() {
    assertTrue(OtelJavaAgent.makesJdbcSpans(Map.of()));
    assertFalse(OtelJavaAgent.makesJdbcSpans(Map.of("OTEL_INSTRUMENTATION_JDBC_ENABLED", "false")));
    assertFalse(OtelJavaAgent.makesJdbcSpans(Map.of("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false")));
    assertTrue(OtelJavaAgent.makesJdbcSpans(Map.of("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false",
        "OTEL_INSTRUMENTATION_JDBC_ENABLED", "true")));
  }
}
