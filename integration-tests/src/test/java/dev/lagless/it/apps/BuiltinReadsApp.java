package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads that use PostgreSQL's built-in functions and syntax a hand-kept list once kept on the primary
 * (recursive CTEs, TABLESAMPLE, txid_current_if_assigned), and statements a standby refuses or does
 * differently even in a read-only transaction (txid_current, advisory locks). Knows nothing of Lagless.
 * Prints {@code LABEL port=N value=V}: where it ran, and an answer that must not depend on where.
 *
 * <p>Arguments: JDBC URL, user, password. Expects {@code items(id, name, qty)} with ids 1..10.
 */
public final class BuiltinReadsApp {

  public static void main(String[] args) throws SQLException {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]); Statement s = c.createStatement()) {
      print(s, "recursive-cte", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5)"
          + " SELECT inet_server_port(), sum(n) FROM t");
      print(s, "tablesample", "SELECT inet_server_port(), count(*) >= 0 FROM items TABLESAMPLE SYSTEM (50) REPEATABLE (7)");
      print(s, "xid-if-assigned", "SELECT inet_server_port(), txid_current_if_assigned()");

      c.setAutoCommit(false);
      c.setReadOnly(true);
      // Spring's @Transactional(readOnly = true) with three reads, one asking for its transaction id.
      print(s, "ro-tx-1", "SELECT inet_server_port(), count(*) FROM items");
      print(s, "ro-tx-2", "SELECT inet_server_port(), txid_current_if_assigned()");
      print(s, "ro-tx-3", "SELECT inet_server_port(), name FROM items WHERE id = 3");
      c.commit();
      // txid_current() works in a read-only transaction on a primary and fails on a standby.
      print(s, "ro-tx-xid", "SELECT inet_server_port(), txid_current() > 0");
      print(s, "ro-tx-xid-then-read", "SELECT inet_server_port(), count(*) FROM items");
      c.commit();
      // An advisory lock taken in a read-only transaction guards nothing on a standby (its own lock space).
      print(s, "ro-tx-lock", "SELECT inet_server_port(), pg_try_advisory_xact_lock(42)");
      c.commit();
      c.setReadOnly(false);
      c.setAutoCommit(true);
    }
    System.out.println("done");
  }

  private static void print(Statement s, String label, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      System.out.println(label + " port=" + rs.getInt(1) + " value=" + rs.getString(2));
    }
  }
}
