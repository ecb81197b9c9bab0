package dev.lagless.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Read-your-own-writes in steps a test drives, for {@code PostgresVersionsTest}. Two sessions, each its
 * own thread and connection (each thread is its own read-your-own-writes scope). First session A reads
 * until the replica answers one ({@code warm}): routing works and the agent's replica pool is open, so
 * what follows does not depend on how fast a first connection is made (and B has read nothing yet, so
 * it holds no position its later read must reach). When the file {@code paused}
 * appears: session A writes a note and reads it, then session B reads it. When {@code resumed} appears:
 * both read again. Each read prints {@code label port=N v=…}.
 *
 * <p>Arguments: JDBC URL, user, password, the replica's port, the directory of the two files.
 */
public final class VersionCheckApp {

  private static final long WARM_UP_MILLIS = 30_000;

  public static void main(String[] args) throws Exception {
    int replicaPort = Integer.parseInt(args[3]);
    Path dir = Path.of(args[4]);
    ExecutorService a = Executors.newSingleThreadExecutor();
    ExecutorService b = Executors.newSingleThreadExecutor();
    try (Connection ca = a.submit(() -> connect(args)).get(); Connection cb = b.submit(() -> connect(args)).get()) {
      int reads = a.submit(() -> warmUp(ca, replicaPort)).get();
      System.out.println("warm after " + reads + " reads");
      awaitFile(dir.resolve("paused"));
      a.submit(() -> {
        try (Statement s = ca.createStatement()) {
          s.executeUpdate("INSERT INTO notes VALUES (1, 'written by a')");
        }
        return read("a-read", ca);
      }).get();
      b.submit(() -> read("b-read", cb)).get();
      awaitFile(dir.resolve("resumed"));
      a.submit(() -> read("a-read-after", ca)).get();
      b.submit(() -> read("b-read-after", cb)).get();
    } finally {
      a.shutdown();
      b.shutdown();
    }
    System.out.println("done");
  }

  private static Connection connect(String[] args) throws SQLException {
    return DriverManager.getConnection(args[0], args[1], args[2]);
  }

  /** Reads until the replica answers one; the number of reads it took. */
  private static int warmUp(Connection c, int replicaPort) throws Exception {
    long deadline = System.nanoTime() + WARM_UP_MILLIS * 1_000_000;
    for (int reads = 1; ; reads++) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
        rs.next();
        if (rs.getInt(1) == replicaPort) {
          return reads;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no read reached the replica in " + reads + " reads");
      }
      Thread.sleep(10); // the agent backs off from a replica it could not reach; the next read tries again
    }
  }

  /** Waits for the test's signal: a condition, not a duration. */
  private static void awaitFile(Path file) {
    while (!Files.exists(file)) {
      Thread.onSpinWait();
    }
  }

  private static String read(String label, Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port(), (SELECT v FROM notes WHERE id = 1)")) {
      rs.next();
      String line = label + " port=" + rs.getInt(1) + " v=" + rs.getString(2);
      System.out.println(line);
      return line;
    }
  }
}
