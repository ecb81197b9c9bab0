package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A plain JDBC application that knows nothing of Lagless and writes through a function of its own
 * ({@code bump(int)}, VOLATILE: it updates {@code counters}), in a plain {@code SELECT}: in auto-commit,
 * then in a transaction. After each write it reads the row back and prints {@code label written=W
 * read=R port=N}.
 *
 * <p>Arguments: JDBC URL, user, password.
 */
public final class VolatileWriteApp {

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      int written = bump(c);
      System.out.println("autocommit written=" + written + " " + read(c));
      c.setAutoCommit(false);
      written = bump(c);
      c.commit();
      c.setAutoCommit(true);
      System.out.println("transaction written=" + written + " " + read(c));
    }
    System.out.println("done");
  }

  private static int bump(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT bump(1)")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String read(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v, inet_server_port() FROM counters WHERE id = 1")) {
      rs.next();
      return "read=" + rs.getInt(1) + " port=" + rs.getInt(2);
    }
  }
}
