package dev.lagless.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an application in its own JVM, as users run it: {@code java [-javaagent:lagless-agent.jar] -cp
 * APP main args}, with the environment it is given, and collects what it printed.
 */
public final class ForkedJvm {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path javaHome;
  private final List<String> agents = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String classpath = appClasspath();
  private String mainClass;
  private Path executableJar;
  private final List<String> args = new ArrayList<>();

  private ForkedJvm(Path javaHome) {
    this.javaHome = javaHome;
  }

  public static ForkedJvm on(Path javaHome) {
    return new ForkedJvm(javaHome);
  }

  /** The built agent jar, {@code agent/target/lagless-agent.jar}. */
  public static Path agentJar() {
    Path jar = Paths.get(System.getProperty("lagless.it.agentJar", "../agent/target/lagless-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (mvn package)");
    }
    return jar.toAbsolutePath().normalize();
  }

  /** The applications' class path: their classes and their own libraries, nothing of Lagless. */
  public static String appClasspath() {
    String classpath = System.getProperty("lagless.it.appClasspath");
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalStateException("lagless.it.appClasspath is not set: run the tests through Maven");
    }
    return classpath;
  }

  /** The JDK running the tests, then every extra JDK configured (Temurin 25 where installed). */
  public static List<Path> jdks() {
    List<Path> jdks = new ArrayList<>();
    jdks.add(Paths.get(System.getProperty("java.home")));
    for (String extra : System.getProperty("lagless.it.extraJdks", "").split(",")) {
      if (!extra.isBlank() && Files.isExecutable(Paths.get(extra.trim(), "bin", "java"))) {
        jdks.add(Paths.get(extra.trim()));
      }
    }
    return jdks;
  }

  /** The OpenTelemetry Java agent, {@code target/otel/opentelemetry-javaagent.jar} (copied by the build). */
  public static Path otelAgentJar() {
    Path jar = Paths.get(System.getProperty("lagless.it.otelAgent", "target/otel/opentelemetry-javaagent.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests through Maven");
    }
    return jar.toAbsolutePath().normalize();
  }

  /** Attaches the OpenTelemetry Java agent (before or after Lagless: the order of these calls). */
  public ForkedJvm withOtelAgent() {
    agents.add("-javaagent:" + otelAgentJar());
    return this;
  }

  public ForkedJvm withAgent() {
    agents.add("-javaagent:" + agentJar());
    return this;
  }

  public ForkedJvm jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  public ForkedJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public ForkedJvm classpath(String value) {
    this.classpath = value;
    return this;
  }

  /** Runs {@code java -jar jar arguments} instead of a main class: the command line users type. */
  public ForkedJvm jar(Path jar, String... arguments) {
    this.executableJar = jar;
    this.args.addAll(List.of(arguments));
    return this;
  }

  public ForkedJvm main(Class<?> main, String... arguments) {
    this.mainClass = main.getName();
    this.args.addAll(List.of(arguments));
    return this;
  }

  /** Started applications still running when the test JVM exits (a test failed before it stopped them). */
  private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
        "forked-jvm-reaper"));
  }

  /** Starts the JVM and returns at once; its output lines can be awaited as they come. */
  public Running start() {
    ProcessBuilder builder = processBuilder();
    try {
      Process process = builder.start();
      STARTED.add(process);
      process.onExit().thenRun(() -> STARTED.remove(process));
      return new Running(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessBuilder processBuilder() {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(agents);
    command.addAll(jvmOptions);
    if (executableJar != null) {
      command.add("-jar");
      command.add(executableJar.toString());
    } else {
      command.add("-cp");
      command.add(classpath);
      command.add(mainClass);
    }
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    // A clean slate: no LAGLESS_* or OTEL_* of the developer's shell leaks into the application.
    builder.environment().keySet().removeIf(name -> name.startsWith("LAGLESS_") || name.startsWith("OTEL_")
        || name.startsWith("JAVA_TOOL_OPTIONS") || name.startsWith("JDK_JAVA_OPTIONS"));
    // Telemetry on, exported nowhere, unless a test says where: the SDK and every span are still made
    // (so every test exercises them), but no exporter reports a missing collector on stderr.
    for (String signal : List.of("TRACES", "METRICS", "LOGS")) {
      builder.environment().put("OTEL_" + signal + "_EXPORTER", "none");
    }
    builder.environment().putAll(environment);
    return builder;
  }

  public Result run() {
    ProcessBuilder builder = processBuilder();
    List<String> command = builder.command();
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = readAll(process.getInputStream());
      CompletableFuture<String> err = readAll(process.getErrorStream());
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + TIMEOUT + ": " + command + "\nstderr:\n" + err.getNow(""));
      }
      return new Result(command, process.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static CompletableFuture<String> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** A JVM still running: its stdout lines as they come, and its end. */
  public static final class Running {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    /** Standard error so far: the agent's log lines can be awaited while the JVM runs. */
    private final StringBuilder err = new StringBuilder();
    private final Thread errReader;

    Running(Process process) throws IOException {
      this.process = process;
      process.getOutputStream().close();
      errReader = new Thread(() -> {
        try (java.io.Reader in = new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
          char[] buffer = new char[4096];
          for (int n; (n = in.read(buffer)) >= 0; ) {
            synchronized (err) {
              err.append(buffer, 0, n);
              err.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "forked-jvm-stderr");
      errReader.setDaemon(true);
      errReader.start();
      Thread reader = new Thread(() -> {
        try (java.io.BufferedReader in = new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null) {
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "forked-jvm-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for the first line after {@code from} that matches; returns its index. */
    public int awaitLine(int from, java.util.function.Predicate<String> matches, Duration timeout)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        int next = from;
        while (true) {
          for (; next < lines.size(); next++) {
            if (matches.test(lines.get(next))) {
              return next;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || (!process.isAlive() && next >= lines.size())) {
            throw new AssertionError("no matching line within " + timeout + "; output so far:\n"
                + String.join("\n", lines) + "\nstderr:\n" + stderr());
          }
          lines.wait(Math.max(1, left / 1_000_000));
        }
      }
    }

    public List<String> lines() {
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    public int lineCount() {
      synchronized (lines) {
        return lines.size();
      }
    }

    /** Waits for the end; the exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not end within " + timeout);
      }
      errReader.join(timeout.toMillis()); // the pipe drains shortly after the process ends
      return process.exitValue();
    }

    /** Standard error as far as it came; all of it once {@link #waitFor} returned. */
    public String stderr() {
      synchronized (err) {
        return err.toString();
      }
    }

    /** Waits until standard error holds {@code text}. */
    public void awaitStderr(String text, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (err) {
        while (err.indexOf(text) < 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || !process.isAlive()) {
            throw new AssertionError("standard error never held '" + text + "' within " + timeout + ":\n" + err
                + "\nstdout:\n" + String.join("\n", lines()));
          }
          err.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
      }
    }

    public void kill() {
      process.destroyForcibly();
    }
  }

  /** What the JVM did. */
  public static final class Result {
    public final List<String> command;
    public final int exitCode;
    public final String stdout;
    public final String stderr;

    Result(List<String> command, int exitCode, String stdout, String stderr) {
      this.command = command;
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** Lines Lagless printed (it prints only to stderr, each line starting with {@code [lagless]}). */
    public List<String> laglessLines() {
      List<String> lines = new ArrayList<>();
      for (String line : stderr.split("\n")) {
        if (line.startsWith("[lagless]")) {
          lines.add(line);
        }
      }
      return lines;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " of " + String.join(" ", command) + "\n--- stdout\n" + stdout + "--- stderr\n"
          + stderr;
    }
  }
}
