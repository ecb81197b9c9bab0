package dev.lagless.it.backends;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A backend server running as a child process, its output appended to a log file, stopped by its own pid.
 *
 * <p>When {@code setpriv} is installed (util-linux: always on Debian), the server gets a parent-death
 * signal, so a test JVM that crashes or is killed by a timeout leaves no server behind. {@code setpriv}
 * replaces itself with the server (exec), so the pid is the server's own.
 */
final class ChildProcess {

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /**
   * Linux signals the parent's death when the <em>thread</em> that forked the child ends: forking from a
   * short-lived test thread would kill the server with it. This daemon thread lives as long as the JVM.
   */
  private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "lagless-backends-spawner");
    thread.setDaemon(true);
    return thread;
  });

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with only {@code PATH} and {@code environment} in its environment: nothing of
   * the developer's shell ({@code JAVA_TOOL_OPTIONS}, {@code STORAGE_TYPE}, …) changes what the server does.
   */
  static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    List<String> full = new ArrayList<>();
    if (Files.isExecutable(SETPRIV)) {
      full.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    full.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(full)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    builder.environment().clear();
    builder.environment().put("PATH", path);
    builder.environment().putAll(environment);
    // submit(), not execute(): a failing start must not replace (and so end) the spawning thread.
    Future<Process> started = SPAWNER.submit(builder::start);
    try {
      return new ChildProcess(name, started.get(), log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + name, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last {@code count} lines of the server's output, for failure messages. */
  String logTail(int count) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e + ")";
    }
  }

  /**
   * SIGTERM to the server's pid, then SIGKILL if it is still running after {@code grace}; returns when it is
   * gone (its exit reaped), so its port is free again.
   */
  void stop(Duration grace) {
    try {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException(name + " (pid " + pid() + ") survived SIGKILL for 10 s");
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
