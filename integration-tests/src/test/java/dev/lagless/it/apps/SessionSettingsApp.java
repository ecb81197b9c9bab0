package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;

/**
 * Two sessions that know nothing of Lagless: one reads with the default settings, the other first
 * runs {@code SET search_path} and then reads what it is. Prints, per session, where its reads ran
 * and which search paths they saw: {@code plain replica=R primary=P paths=[…]} and
 * {@code set replica=R primary=P paths=[…]}.
 *
 * <p>Arguments: JDBC URL, user, password, the primary's port, reads per session.
 */
public final class SessionSettingsApp {

  public static void main(String[] args) throws Exception {
    int primaryPort = Integer.parseInt(args[3]);
    int reads = Integer.parseInt(args[4]);
    try (Connection plain = DriverManager.getConnection(args[0], args[1], args[2]);
        Connection set = DriverManager.getConnection(args[0], args[1], args[2])) {
      try (Statement s = set.createStatement()) {
        s.execute("SET search_path TO pg_catalog, public");
      }
      // Interleaved, so that both sessions' reads share the replicas' connections in the same period.
      Counts plainCounts = new Counts();
      Counts setCounts = new Counts();
      for (int i = 0; i < reads; i++) {
        plainCounts.read(plain, primaryPort);
        setCounts.read(set, primaryPort);
      }
      System.out.println("plain " + plainCounts);
      System.out.println("set " + setCounts);
    }
  }

  private static final class Counts {
    int replica;
    int primary;
    final TreeSet<String> paths = new TreeSet<>();

    void read(Connection c, int primaryPort) throws SQLException {
      try (Statement s = c.createStatement();
          // The schemas the search path resolves to (current_setting('search_path') would be a question
          // about the server's settings, which the primary answers: SPEC §2 rule 6).
          ResultSet rs = s.executeQuery("SELECT inet_server_port(), current_schemas(false)::text")) {
        rs.next();
        if (rs.getInt(1) == primaryPort) {
          primary++;
        } else {
          replica++;
        }
        paths.add(rs.getString(2));
      }
    }

    @Override
    public String toString() {
      return "replica=" + replica + " primary=" + primary + " paths=" + paths;
    }
  }

  private SessionSettingsApp() {}
}
