package dev.lagless.it.apps.telemetry;

import java.sql.Connection;
import java.sql.DriverManager;
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
