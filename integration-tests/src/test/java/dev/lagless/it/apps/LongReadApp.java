package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One auto-commit read that holds its snapshot for a while ({@code pg_sleep} in the FROM clause),
 * from an application that knows nothing of Lagless. Prints {@code result port=N rows=R} or
 * {@code error SQLSTATE message}.
 *
 * <p>Arguments: JDBC URL, user, password, seconds to hold the snapshot.
 */
public final class LongReadApp {

  public static void main(String[] args) {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port(), count(*) FROM conflict_rows, pg_sleep(" + args[3]
            + ") GROUP BY 1")) {
      if (rs.next()) {
        System.out.println("result port=" + rs.getInt(1) + " rows=" + rs.getLong(2));
      } else {
        System.out.println("result rows=0");
      }
    } catch (SQLException e) {
      System.out.println("error " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
    }
  }
}
