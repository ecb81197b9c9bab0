package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A plain JDBC application that knows nothing of Lagless, doing what pgjdbc's own test suite found to
 * differ under the agent (docs/reliability.md, "pgjdbc's own test suite"). Each step prints one line,
 * {@code label [port=N] …}: N is {@code inet_server_port()} of the server that answered (for the test
 * to see where it ran); everything else must be the same with and without the agent.
 *
 * <p>Arguments: JDBC URL, user, password; and a role of its own that it may change the defaults of, with
 * its password.
 */
public final class DriverBehaviourApp {

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      clientInfo(c);
      closeOnCompletion(c);
      binaryTransfer(c);
      customDataType(c);
    }
    abortedBeforeExecuting(DriverManager.getConnection(url, user, password));
    abortedWhileExecuting(DriverManager.getConnection(url, user, password));
    networkTimeout(DriverManager.getConnection(url, user, password));
    sessionDefaults(url, args[3], args[4]);
    System.out.println("done");
  }

  /**
   * Asking the server for a setting is a question the primary answers (SPEC §2 rule 6); these steps check
   * that a replica session carries the application's settings, so they ask the replica on purpose, with
   * the documented hint (a plain comment without the agent).
   */
  private static final String ASK_REPLICA = "/* lagless:replica */ ";

  /** pgjdbc ClientInfoTest: the driver sends its own SET for setClientInfo; reads must see it. */
  private static void clientInfo(Connection c) throws SQLException {
    c.setClientInfo("ApplicationName", "my app");
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ASK_REPLICA + "SELECT inet_server_port(), current_setting('application_name')")) {
      rs.next();
      System.out.println("client-info port=" + rs.getInt(1) + " application_name=" + rs.getString(2));
    }
  }

  /** pgjdbc CloseOnCompletionTest: closing the last result set closes the statement. */
  private static void closeOnCompletion(Connection c) throws SQLException {
    Statement s = c.createStatement();
    s.closeOnCompletion();
    int port;
    try (ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
      rs.next();
      port = rs.getInt(1);
    }
    System.out.println("close-on-completion port=" + port + " statementClosed=" + s.isClosed());
    s.close();
  }

  /** pgjdbc BinaryTest: a prepare threshold of -1 asks for binary values from the first execution. */
  private static void binaryTransfer(Connection c) throws SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?::int8, inet_server_port()")) {
      ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
      ps.setLong(1, 1000L);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        System.out.println("prepare-threshold port=" + rs.getInt(2) + " bytes=" + rs.getBytes(1).length);
      }
    }
  }

  /** A value of a PostgreSQL type the application maps to its own class. */
  public static final class Point extends org.postgresql.util.PGobject {
    private static final long serialVersionUID = 1L;
  }

  /** pgjdbc CustomTypeWithBinaryTransferTest: addDataType maps a type to the application's class, on this connection. */
  private static void customDataType(Connection c) throws SQLException {
    c.unwrap(org.postgresql.PGConnection.class).addDataType("point", Point.class);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT point(1, 2)")) {
      rs.next();
      Object value = rs.getObject(1);
      System.out.println("custom-type class=" + value.getClass().getSimpleName() + " value=" + value);
    }
  }

  /**
   * pgjdbc AbortTest, one order: a statement executed on an aborted connection fails. The abort runs on
   * the calling thread, so it is over before the statement executes.
   */
  private static void abortedBeforeExecuting(Connection c) throws SQLException {
    Statement s = c.createStatement();
    c.abort(Runnable::run);
    try (ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
      rs.next();
      System.out.println("aborted-before ran port=" + rs.getInt(1));
    } catch (SQLException e) {
      System.out.println("aborted-before sqlstate=" + e.getSQLState() + " closed=" + c.isClosed());
    }
  }

  /**
   * pgjdbc AbortTest, the other order: a long read under way when another thread aborts the
   * connection fails at once instead of running to its end. Whatever the interleaving, the read fails.
   */
  private static void abortedWhileExecuting(Connection c) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    long start = System.nanoTime();
    Future<String> worker = threads.submit(() -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_sleep(20)")) {
        return "completed";
      } catch (SQLException e) {
        return "failed";
      }
    });
    ExecutorService abortExecutor = Executors.newSingleThreadExecutor();
    c.abort(abortExecutor);
    abortExecutor.shutdown();
    String outcome = worker.get(60, TimeUnit.SECONDS);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    System.out.println("aborted-while " + outcome + " withinTenSeconds=" + (seconds < 10));
    threads.shutdown();
  }

  /**
   * pgjdbc DatabaseMetaDataTransactionIsolationTest: after {@code ALTER ROLE … SET}, a connection opened
   * afterwards starts with the new default (one opened before keeps the old one, as PostgreSQL does).
   */
  private static void sessionDefaults(String url, String role, String password) throws SQLException {
    try (Connection before = DriverManager.getConnection(url, role, password)) {
      System.out.println("defaults-before port=" + portAndIsolation(before));
      try (Statement s = before.createStatement()) {
        s.execute("ALTER ROLE CURRENT_USER SET default_transaction_isolation = 'repeatable read'");
      }
      try (Connection after = DriverManager.getConnection(url, role, password)) {
        System.out.println("defaults-after port=" + portAndIsolation(after));
      } finally {
        try (Statement s = before.createStatement()) {
          s.execute("ALTER ROLE CURRENT_USER RESET default_transaction_isolation");
        }
      }
    }
  }

  private static String portAndIsolation(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(ASK_REPLICA + "SELECT inet_server_port(), current_setting('default_transaction_isolation')")) {
      rs.next();
      return rs.getInt(1) + " isolation=" + rs.getString(2);
    }
  }

  /** pgjdbc NetworkTimeoutTest: a read longer than the connection's network timeout fails and closes it. */
  private static void networkTimeout(Connection c) throws SQLException {
    c.setNetworkTimeout(null, 1000);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_sleep(2)")) {
      System.out.println("network-timeout completed");
    } catch (SQLException e) {
      System.out.println("network-timeout sqlstate=" + e.getSQLState() + " closed=" + c.isClosed());
    } finally {
      c.close();
    }
  }
}
