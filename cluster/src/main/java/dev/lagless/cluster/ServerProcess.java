package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One running server (a postmaster or redis-server) with its output in a log file. */
public final class ServerProcess {

  private final Process process;
  private final Path log;

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ServerProcess start(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new ServerProcess(Spawner.start(builder), log);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Sends a signal by name (TERM, INT, QUIT, KILL, STOP, CONT). */
  public void signal(String name) throws IOException {
    if (process.isAlive()) {
      Os.run(List.of("kill", "-" + name, Long.toString(process.pid())), 10);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code timeout}; returns once it is gone. */
  public void terminate(Duration timeout) {
    if (!process.isAlive()) {
      return;
    }
    try {
      signal("TERM");
      awaitExit(List.of(), timeout);
    } catch (IOException e) {
      process.destroyForcibly(); // setpriv exec()s the server: this pid is the server itself
      try {
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the process and every process it started to be gone. */
  public void awaitExit(List<ProcessHandle> descendants, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("pid " + pid() + " still running after " + timeout.toMillis() + " ms");
      }
      for (ProcessHandle child : descendants) {
        long left = Math.max(1, deadline - System.nanoTime());
        child.onExit().get(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for pid " + pid(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("a child of pid " + pid() + " is still running after " + timeout.toMillis() + " ms", e);
    }
  }

  /** A snapshot of the process tree below this one (taken before a kill, to wait for orphans after it). */
  public List<ProcessHandle> descendants() {
    return process.descendants().collect(java.util.stream.Collectors.toList());
  }
}
