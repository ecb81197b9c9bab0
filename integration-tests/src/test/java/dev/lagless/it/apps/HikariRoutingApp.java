package dev.lagless.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An application with its own HikariCP pool that knows nothing of Lagless: reads through pooled
 * connections, a read-only transaction the way Spring runs {@code @Transactional(readOnly = true)}
 * (read-only and auto-commit toggled on a pooled connection), a write, and JDBC identity through
 * HikariCP's proxies. Prints {@code label port=N …} lines like {@link RoutingApp}.
 *
 * <p>Arguments: JDBC URL, user, password.
 */
public final class HikariRoutingApp {

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(3);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      for (int i = 0; i < 3; i++) {
        try (Connection c = pool.getConnection();
            PreparedStatement ps = c.prepareStatement("SELECT inet_server_port(), name FROM items WHERE id = ?")) {
          ps.setInt(1, 2);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            System.out.println("pooled-read-" + i + " port=" + rs.getInt(1) + " name=" + rs.getString(2)
                + " sameStatement=" + (rs.getStatement() == ps) + " sameConnection=" + (ps.getConnection() == c)
                + " pgConnection=" + c.isWrapperFor(Class.forName("org.postgresql.PGConnection")));
          }
        }
      }
      try (Connection c = pool.getConnection()) {
        c.setReadOnly(true);
        c.setAutoCommit(false);
        String first = null;
        boolean same = true;
        for (int i = 0; i < 3; i++) {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT inet_server_port(), now()::text, count(*) FROM items")) {
            rs.next();
            String seen = rs.getInt(1) + "/" + rs.getString(2);
            same &= first == null || first.equals(seen);
            first = first == null ? seen : first;
          }
        }
        c.commit();
        c.setAutoCommit(true);
        c.setReadOnly(false);
        System.out.println("pooled-read-only-transaction port=" + first.split("/")[0] + " sameTransaction=" + same);
      }
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("UPDATE items SET qty = qty WHERE id = 3 RETURNING inet_server_port()")) {
        rs.next();
        System.out.println("pooled-write port=" + rs.getInt(1));
      }
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
        rs.next();
        System.out.println("pooled-after-transaction port=" + rs.getInt(1));
      }
    } catch (SQLException e) {
      System.out.println("error " + e.getSQLState() + " " + e.getMessage());
    }
    System.out.println("done");
  }
}
