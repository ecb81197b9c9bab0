package dev.lagless.it.apps.telemetry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A plain JDBC application that knows nothing of Lagless or OpenTelemetry: it writes a note, reads it
 * back, and runs a read that fails. Prints {@code label port=N …} per step ({@code inet_server_port()}
 * of the server that ran it), so a test can match each span with where the statement really ran.
 *
 * <p>Arguments: JDBC URL, user, password, note id.
 */
public final class WriteReadApp {

  public static void main(String[] args) throws SQLException {
    int id = Integer.parseInt(args[3]);
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      run(c, id);
    }
  }

  /** The steps, also run by {@link OtelSdkApp} inside a span of its own. */
  static void run(Connection c, int id) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO notes VALUES (" + id + ", 'secret-literal-" + id + "')");
      System.out.println("write port=" + port(s));
    }
    // The forms frameworks use for inserts: generated keys (JPA identity), prepared batches (saveAll).
    // Each must be one span, like any other statement; its extra ids are 1000 + 10 * id + k.
    try (PreparedStatement p = c.prepareStatement("INSERT INTO notes VALUES (?, 'keys')", Statement.RETURN_GENERATED_KEYS)) {
      p.setInt(1, 1000 + 10 * id);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        System.out.println("generated-keys id=" + (keys.next() ? keys.getInt(1) : -1));
      }
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO notes VALUES (?, 'batch')")) {
      for (int k = 1; k <= 2; k++) {
        p.setInt(1, 1000 + 10 * id + k);
        p.addBatch();
      }
      System.out.println("batch rows=" + p.executeBatch().length);
    }
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO notes VALUES (" + (1003 + 10 * id) + ", 'statement-keys')",
          Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = s.getGeneratedKeys()) {
        System.out.println("statement-keys id=" + (keys.next() ? keys.getInt(1) : -1));
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT body, inet_server_port() FROM notes WHERE id = " + id)) {
      System.out.println(rs.next() ? "read port=" + rs.getInt(2) + " body=" + rs.getString(1) : "read port=none");
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 / 0, inet_server_port()")) {
      System.out.println("error none");
    } catch (SQLException e) {
      System.out.println("error state=" + e.getSQLState());
    }
  }

  /** Where the connection's own statements run: the primary (writes are never routed). */
  private static int port(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("/* lagless:primary */ SELECT inet_server_port()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
