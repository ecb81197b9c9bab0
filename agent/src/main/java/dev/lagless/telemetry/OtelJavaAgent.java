package dev.lagless.telemetry;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Whether the OpenTelemetry Java agent is attached to this JVM, and what it does with JDBC. Decided
 * from the JVM's {@code -javaagent} flags (their jars' {@code Premain-Class}), so the answer is the same
 * whichever agent's premain ran first and is known before that agent has loaded a class.
 */
public final class OtelJavaAgent {

  static final String PREMAIN_CLASS = "io.opentelemetry.javaagent.OpenTelemetryAgent";

  private OtelJavaAgent() {}

  /** True when one of the JVM's {@code -javaagent} jars is the OpenTelemetry Java agent. */
  public static boolean attached() {
    return attached(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  static boolean attached(List<String> jvmArguments) {
    for (String argument : jvmArguments) {
      if (!argument.startsWith("-javaagent:")) {
        continue;
      }
      String path = argument.substring("-javaagent:".length());
      int options = path.indexOf('=');
      if (options >= 0) {
        path = path.substring(0, options);
      }
      if (PREMAIN_CLASS.equals(premainClass(new File(path)))) {
        return true;
      }
    }
    return false;
  }

  private static String premainClass(File jar) {
    try (JarFile file = new JarFile(jar)) {
      Manifest manifest = file.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue("Premain-Class");
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * True when that agent makes a span for each JDBC statement (its {@code jdbc} instrumentation is on,
   * as it is by default): Lagless then adds its attributes to that span instead of making a second one.
   */
  public static boolean makesJdbcSpans(Map<String, String> environment) {
    String jdbc = setting("otel.instrumentation.jdbc.enabled", environment);
    if (jdbc != null) {
      return Boolean.parseBoolean(jdbc.trim());
    }
    String byDefault = setting("otel.instrumentation.common.default-enabled", environment);
    return byDefault == null || Boolean.parseBoolean(byDefault.trim());
  }

  /** An OpenTelemetry setting: the system property, else its environment variable (OpenTelemetry's rule). */
  static String setting(String property, Map<String, String> environment) {
    String value = System.getProperty(property);
    if (value != null) {
      return value;
    }
    return environment.get(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
  }
}
