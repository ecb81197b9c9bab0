package dev.lagless.it.apps;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain JDBC application that knows nothing of Lagless. Each step prints one line, {@code label
 * port=N …}, where N is {@code inet_server_port()} of the server that ran the statement, so a test sees
 * from the outside where each statement ran. Expects the tables the test created: {@code items(id,
 * name, qty)} with ids 1..10, {@code app_schema.only_here(v)}, sequence {@code seq}, functions
 * {@code touch_item(int)} (VOLATILE, writes) and {@code item_name(int)} (STABLE).
 *
 * <p>Arguments: JDBC URL, user, password, and a second URL that is not the routed primary.
 */
public final class RoutingApp {

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      System.out.println("connection class=" + c.getClass().getName()
          + " unwrapsToPGConnection=" + c.isWrapperFor(Class.forName("org.postgresql.PGConnection")));
      plainReads(c);
      writesHiddenInReads(c);
      transactions(c);
      sessionState(c);
      hints(c);
      functions(c);
      driverBehaviours(c);
    }
    try (Connection other = DriverManager.getConnection(args[3], args[1], args[2]);
        Statement s = other.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
      rs.next();
      System.out.println("not-routed port=" + rs.getInt(1));
    }
    System.out.println("done");
  }

  private static void plainReads(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
      rs.next();
      System.out.println("autocommit-read port=" + rs.getInt(1) + " sameStatement=" + (rs.getStatement() == s)
          + " sameConnection=" + (s.getConnection() == c));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT inet_server_port(), name FROM items WHERE id = ?")) {
      ps.setInt(1, 3);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        System.out.println("prepared-read port=" + rs.getInt(1) + " name=" + rs.getString(2)
            + " sameStatement=" + (rs.getStatement() == ps));
      }
    }
  }

  private static void writesHiddenInReads(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // A transaction begun in SQL: the driver knows it is open, so every statement stays on the primary.
      s.execute("BEGIN");
      print("sql-begin", s, "SELECT inet_server_port()");
      s.execute("COMMIT");
    }
    // A parameter read from a stream can be sent once only: no replica attempt that might need a retry.
    try (PreparedStatement ps = c.prepareStatement("SELECT inet_server_port(), length(?)")) {
      ps.setBinaryStream(1, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        System.out.println("stream-parameter port=" + rs.getInt(1) + " length=" + rs.getInt(2));
      }
    }
    // A CallableStatement may call anything: the primary, even for a plain SELECT.
    try (java.sql.CallableStatement cs = c.prepareCall("SELECT inet_server_port()"); ResultSet rs = cs.executeQuery()) {
      rs.next();
      System.out.println("callable port=" + rs.getInt(1));
    }
    try (Statement s = c.createStatement()) {
      print("nextval", s, "SELECT inet_server_port(), nextval('seq') > 0");
      print("writable-cte", s, "WITH x AS (UPDATE items SET qty = qty WHERE id = 1 RETURNING id) "
          + "SELECT inet_server_port(), count(*) FROM x");
      print("for-update", s, "SELECT inet_server_port(), id FROM items WHERE id = 1 FOR UPDATE");
      print("multi-statement", s, "SELECT inet_server_port(); UPDATE items SET qty = qty WHERE id = 2");
    }
  }

  private static void transactions(Connection c) throws SQLException {
    c.setAutoCommit(false);
    c.setReadOnly(true);
    List<String> seen = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        try (ResultSet rs = s.executeQuery("SELECT inet_server_port(), now()::text, count(*) FROM items")) {
          rs.next();
          seen.add(rs.getInt(1) + "/" + rs.getString(2));
        }
      }
    }
    c.commit();
    System.out.println("read-only-transaction port=" + seen.get(0).split("/")[0] + " sameTransaction="
        + (seen.get(0).equals(seen.get(1)) && seen.get(1).equals(seen.get(2))));
    c.setReadOnly(false);
    try (Statement s = c.createStatement()) {
      print("read-write-transaction", s, "SELECT inet_server_port()");
    }
    c.commit();
    c.setAutoCommit(true);
    // Spring toggles read-only around every call: routing must follow each time.
    for (int i = 0; i < 3; i++) {
      c.setAutoCommit(false);
      c.setReadOnly(i % 2 == 0);
      try (Statement s = c.createStatement()) {
        print("toggle-" + (i % 2 == 0 ? "ro" : "rw") + "-" + i, s, "SELECT inet_server_port()");
      }
      c.commit();
      c.setReadOnly(false);
      c.setAutoCommit(true);
    }
    // Isolation levels of read-only transactions: a standby refuses SERIALIZABLE, takes REPEATABLE READ.
    int[] levels = {Connection.TRANSACTION_SERIALIZABLE, Connection.TRANSACTION_REPEATABLE_READ};
    for (int level : levels) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      c.setTransactionIsolation(level);
      try (Statement s = c.createStatement()) {
        print(level == Connection.TRANSACTION_SERIALIZABLE ? "serializable-read-only" : "repeatable-read-read-only", s,
            "SELECT inet_server_port()");
      }
      c.commit();
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      c.setReadOnly(false);
      c.setAutoCommit(true);
    }
  }

  private static void sessionState(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path TO app_schema, public");
      print("search-path", s, "SELECT inet_server_port(), v FROM only_here");
      s.execute("RESET search_path");
      c.setSchema("app_schema");
      print("set-schema", s, "SELECT inet_server_port(), v FROM only_here");
      c.setSchema("public");
      s.execute("CREATE TEMP TABLE tmp_x AS SELECT 7 AS a");
      print("temp-table", s, "SELECT inet_server_port(), a FROM tmp_x");
      s.execute("DROP TABLE tmp_x");
      print("after-temp-table", s, "SELECT inet_server_port()");
      s.execute("LISTEN some_channel");
      print("listen", s, "SELECT inet_server_port()");
      s.execute("UNLISTEN *");
      print("after-unlisten", s, "SELECT inet_server_port()");
    }
  }

  private static void hints(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      print("hint-primary", s, "/* lagless:primary */ SELECT inet_server_port()");
      print("hint-replica", s, "/* lagless:replica */ SELECT inet_server_port(), pg_is_in_recovery()");
      print("hint-replica-write", s, "/* lagless:replica */ UPDATE items SET qty = qty WHERE id = 4 RETURNING inet_server_port()");
    }
  }

  private static void functions(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      print("volatile-function", s, "SELECT inet_server_port(), touch_item(5)");
      print("stable-function", s, "SELECT inet_server_port(), item_name(5)");
    }
  }

  private static void driverBehaviours(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean first = s.execute("SELECT inet_server_port(); SELECT 2");
      ResultSet one = s.getResultSet();
      one.next();
      int port = one.getInt(1);
      boolean more = s.getMoreResults();
      ResultSet two = s.getResultSet();
      two.next();
      System.out.println("multi-result port=" + port + " first=" + first + " more=" + more + " second=" + two.getInt(1)
          + " end=" + (!s.getMoreResults() && s.getUpdateCount() == -1));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT inet_server_port(), ? = ANY (ARRAY[1, 2, 3]), ?::int[]")) {
      Array array = c.createArrayOf("int4", new Integer[] {4, 5});
      ps.setInt(1, 2);
      ps.setArray(2, array);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Integer[] back = (Integer[]) rs.getArray(3).getArray();
        System.out.println("array port=" + rs.getInt(1) + " member=" + rs.getBoolean(2) + " back=" + back[0] + "," + back[1]);
      }
    }
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      s.executeQuery("SELECT inet_server_port(), pg_sleep(5)");
      System.out.println("query-timeout no error");
    } catch (SQLException e) {
      System.out.println("query-timeout sqlstate=" + e.getSQLState());
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT inet_server_port(), name FROM items WHERE id = ?")) {
      StringBuilder names = new StringBuilder();
      int port = 0;
      for (int i = 1; i <= 6; i++) { // beyond prepareThreshold: server-side prepared on the node that runs it
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          port = rs.getInt(1);
          names.append(rs.getString(2)).append(i < 6 ? "," : "");
        }
      }
      System.out.println("server-prepare port=" + port + " names=" + names);
    }
    c.setAutoCommit(false);
    c.setReadOnly(true);
    try (Statement s = c.createStatement()) {
      s.setFetchSize(3);
      int rows = 0;
      int port = 0;
      try (ResultSet rs = s.executeQuery("SELECT inet_server_port(), id FROM items ORDER BY id")) {
        while (rs.next()) {
          port = rs.getInt(1);
          rows++;
        }
      }
      System.out.println("fetch-size port=" + port + " rows=" + rows);
    }
    c.commit();
    c.setReadOnly(false);
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT no_such_column FROM items");
    } catch (SQLException e) {
      System.out.println("read-error sqlstate=" + e.getSQLState());
    }
  }

  private static void print(String label, Statement s, String sql) throws SQLException {
    try {
      boolean hasResult = s.execute(sql);
      while (!hasResult && s.getUpdateCount() != -1) {
        hasResult = s.getMoreResults();
      }
      if (!hasResult) {
        System.out.println(label + " no result");
        return;
      }
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        StringBuilder line = new StringBuilder(label).append(" port=").append(rs.getInt(1));
        for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
          line.append(" ").append(rs.getMetaData().getColumnLabel(i)).append("=").append(rs.getString(i));
        }
        System.out.println(line);
      }
    } catch (SQLException e) {
      System.out.println(label + " error " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
    }
  }
}
