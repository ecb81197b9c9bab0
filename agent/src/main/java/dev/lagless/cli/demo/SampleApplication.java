package dev.lagless.cli.demo;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample application ({@code dev.lagless.demo.ProfilesApp}, carried in this jar with the PostgreSQL
 * driver as nested jars) in a child JVM started the way users start theirs: {@code -javaagent:} this
 * jar, {@code LAGLESS_*} and {@code OTEL_*} variables. Its counter lines are kept as they come.
 */
final class SampleApplication implements AutoCloseable {

  private static final String MAIN = "dev.lagless.demo.ProfilesApp";
  private static final List<String> NESTED_JARS = List.of("demo/lagless-demo.jar", "demo/postgresql.jar");

  private final Process process;
  private final List<String> errorLines = new ArrayList<>();
  private volatile AppStats latest = AppStats.NONE;
  private volatile AppStats done;

  private SampleApplication(Process process) {
    this.process = process;
    Thread out = new Thread(() -> read(process.getInputStream(), false), "lagless-demo-stdout");
    Thread err = new Thread(() -> read(process.getErrorStream(), true), "lagless-demo-stderr");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  /** Unpacks the application into {@code workDir} and starts it; {@code arguments} are its main's. */
  static SampleApplication start(Path agentJar, Path workDir, Map<String, String> environment, List<String> arguments)
      throws IOException {
    List<String> classpath = new ArrayList<>();
    for (String nested : NESTED_JARS) {
      try (InputStream in = SampleApplication.class.getClassLoader().getResourceAsStream(nested)) {
        if (in == null) {
          throw new IOException(nested + " is missing from " + agentJar + ": rebuild the agent (mvn -DskipTests package)");
        }
        Path target = workDir.resolve(nested.substring(nested.indexOf('/') + 1));
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        classpath.add(target.toString());
      }
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-javaagent:" + agentJar);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(MAIN);
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    // Only what the demo sets: settings of the shell the demo runs in must not change the sample.
    builder.environment().keySet().removeIf(name -> name.startsWith("LAGLESS_") || name.startsWith("OTEL_"));
    builder.environment().putAll(environment);
    return new SampleApplication(builder.start());
  }

  private void read(InputStream stream, boolean errors) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        AppStats stats = errors ? null : AppStats.parse(line);
        if (stats != null) {
          if (line.startsWith("done ")) {
            done = stats; // the final counters: the summary's, not one more second of the live view
          } else {
            latest = stats;
          }
        } else {
          synchronized (errorLines) {
            if (errorLines.size() < 20) {
              errorLines.add(line);
            }
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  long pid() {
    return process.pid();
  }

  AppStats latest() {
    return latest;
  }

  /** The final counters, or null when the application did not finish by itself. */
  AppStats done() {
    return done;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Lines the application printed besides its counters (errors, the agent's state changes). */
  List<String> otherLines() {
    synchronized (errorLines) {
      return new ArrayList<>(errorLines);
    }
  }

  /** Waits for the application to end by itself; its exit code, or -1 if it had to be stopped. */
  int awaitExit(long timeoutMillis) throws InterruptedException {
    if (process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    close();
    return -1;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
