package dev.lagless.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Two sessions of an application that knows nothing of Lagless, each its own thread and connection
 * (no baggage, so each thread is its own read-your-own-writes scope). Session A writes a note and
 * reads it back; then session B reads it. When the file {@code resumed} appears (the test resumes
 * replication), both read again. Each read prints {@code label port=N v=…}.
 *
 * <p>Arguments: JDBC URL, user, password, the file to wait for.
 */
public final class RyowApp {

  public static void main(String[] args) throws Exception {
    Path resumed = Path.of(args[3]);
    java.util.concurrent.CountDownLatch aWroteAndRead = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch bRead = new java.util.concurrent.CountDownLatch(1);
    Thread sessionA = session(args, c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO notes VALUES (1, 'written by a')");
      }
      read("a-read", c);
      aWroteAndRead.countDown();
      await(bRead);
      awaitFile(resumed);
      read("a-read-after", c);
    });
    Thread sessionB = session(args, c -> {
      await(aWroteAndRead);
      read("b-read", c);
      bRead.countDown();
      awaitFile(resumed);
      read("b-read-after", c);
    });
    sessionA.join();
    sessionB.join();
    System.out.println("done");
  }

  private interface Body {
    void run(Connection connection) throws SQLException;
  }

  /** A session: its own thread (so its own read-your-own-writes scope) and its own connection. */
  private static Thread session(String[] args, Body body) {
    Thread thread = new Thread(() -> {
      try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
        body.run(c);
      } catch (SQLException e) {
        System.out.println("error " + e.getSQLState() + " " + e.getMessage());
      }
    });
    thread.start();
    return thread;
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the test's signal: a condition, not a duration. */
  private static void awaitFile(Path file) {
    while (!Files.exists(file)) {
      Thread.onSpinWait();
    }
  }

  private static void read(String label, Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port(), (SELECT v FROM notes WHERE id = 1)")) {
      rs.next();
      System.out.println(label + " port=" + rs.getInt(1) + " v=" + rs.getString(2));
    }
  }
}
