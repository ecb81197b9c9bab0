package dev.lagless.cluster;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every server process from one long-lived daemon thread. Linux delivers the parent-death
 * signal ({@code setpriv --pdeathsig}) when the <em>thread</em> that forked the child ends, not the
 * process: forking from a short-lived test thread would kill the server when that thread finished.
 * This thread lives as long as the JVM, so servers die exactly when the JVM does.
 */
final class Spawner {

  private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "lagless-cluster-spawner");
    thread.setDaemon(true);
    return thread;
  });

  private Spawner() {}

  static Process start(ProcessBuilder builder) throws IOException {
    // submit(), not execute(): a failing start must not replace (and so end) the spawning thread.
    Future<Process> started = THREAD.submit(builder::start);
    try {
      return started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + builder.command(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException ? (IOException) cause : new IOException(cause);
    }
  }
}
