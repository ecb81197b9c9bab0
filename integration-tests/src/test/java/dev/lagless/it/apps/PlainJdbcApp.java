package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An ordinary JDBC application that knows nothing of Lagless: plain statements, prepared statements
 * with parameters, a batch, generated keys, a transaction that commits and one that rolls back, an
 * error. Everything it prints is deterministic, so runs with and without the agent compare equal.
 *
 * <p>Arguments: JDBC URL, user, password, table name.
 */
public final class PlainJdbcApp {

  public static void main(String[] args) throws SQLException {
    String url = args[0];
    String table = args[3];
    try (Connection connection = DriverManager.getConnection(url, args[1], args[2])) {
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, name text NOT NULL, qty int NOT NULL)");
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO " + table + " (name, qty) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, "apple");
        insert.setInt(2, 3);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          System.out.println("generated id " + keys.getInt(1));
        }
        for (String name : new String[] {"pear", "plum", "fig"}) {
          insert.setString(1, name);
          insert.setInt(2, name.length());
          insert.addBatch();
        }
        int[] counts = insert.executeBatch();
        System.out.println("batch inserted " + counts.length);
      }
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.executeUpdate("UPDATE " + table + " SET qty = qty + 10 WHERE name = 'apple'");
        connection.commit();
        s.executeUpdate("DELETE FROM " + table);
        connection.rollback();
      }
      connection.setAutoCommit(true);
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT name, qty FROM " + table + " WHERE qty >= ? ORDER BY id")) {
        select.setInt(1, 3);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            System.out.println("row " + rs.getString(1) + " " + rs.getInt(2));
          }
        }
      }
      try (Statement s = connection.createStatement()) {
        s.executeQuery("SELECT * FROM no_such_table_" + table);
      } catch (SQLException expected) {
        System.out.println("error " + expected.getSQLState());
      }
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT current_user, current_database(), pg_is_in_recovery()")) {
        rs.next();
        System.out.println("session " + rs.getString(1) + " " + rs.getString(2) + " recovery=" + rs.getBoolean(3));
      }
    }
    System.out.println("done");
  }
}
