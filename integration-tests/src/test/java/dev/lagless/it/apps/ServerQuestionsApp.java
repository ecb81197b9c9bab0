package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An application that asks its database about itself, as health checks, frameworks and migration tools
 * do: recovery and read-only state, hot-standby state, WAL positions, replication views, settings.
 * It knows nothing of Lagless and believes it talks to its primary. Prints {@code answer LABEL=VALUE}
 * per question (the same with or without the agent, or something is wrong), and {@code LABEL port=N}
 * for reads that may run anywhere, with {@code inet_server_port()} of the server that ran them.
 *
 * <p>Arguments: JDBC URL, user, password.
 */
public final class ServerQuestionsApp {

  private static final String[][] QUESTIONS = {
    {"show-transaction-read-only", "SHOW transaction_read_only"},
    {"current-setting-transaction-read-only", "SELECT current_setting('transaction_read_only')"},
    {"show-default-transaction-read-only", "SHOW default_transaction_read_only"},
    {"show-in-hot-standby", "SHOW in_hot_standby"},
    {"show-hot-standby-feedback", "SHOW hot_standby_feedback"},
    {"show-port", "SELECT current_setting('port') = inet_server_port()::text"},
    {"pg-is-in-recovery", "SELECT pg_is_in_recovery()"},
    {"replay-lsn-null", "SELECT pg_last_wal_replay_lsn() IS NULL"},
    {"receive-lsn-null", "SELECT pg_last_wal_receive_lsn() IS NULL"},
    {"replay-paused", "SELECT CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END IS NULL"},
    {"wal-receiver-rows", "SELECT count(*) FROM pg_stat_wal_receiver"},
    {"replication-rows", "SELECT count(*) FROM pg_stat_replication"},
    {"settings-view-read-only", "SELECT setting FROM pg_settings WHERE name = 'transaction_read_only'"},
    {"own-backend-listed", "SELECT count(*) FROM pg_stat_activity WHERE pid = pg_backend_pid()"},
  };

  public static void main(String[] args) throws SQLException {
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
      try (Statement s = c.createStatement()) {
        for (String[] question : QUESTIONS) {
          try (ResultSet rs = s.executeQuery(question[1])) {
            rs.next();
            System.out.println("answer " + question[0] + "=" + rs.getString(1));
          }
        }
        // A custom setting, as row-level security reads it: session state, replayed on a replica.
        s.execute("SET app.tenant_id = '7'");
        try (ResultSet rs = s.executeQuery("SELECT inet_server_port(), current_setting('app.tenant_id')")) {
          rs.next();
          System.out.println("answer custom-setting=" + rs.getString(2));
          System.out.println("custom-setting port=" + rs.getInt(1));
        }
        s.execute("RESET app.tenant_id");
      }
      // A read-only transaction that begins by asking: it runs where the answer is the primary's.
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
          rs.next();
          System.out.println("answer read-only-tx-in-recovery=" + rs.getString(1));
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_wal_receiver")) {
          rs.next();
          System.out.println("answer read-only-tx-wal-receiver-rows=" + rs.getString(1));
        }
      }
      c.commit();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
        rs.next();
        System.out.println("next-read-only-tx port=" + rs.getInt(1));
      }
      c.commit();
    }
    System.out.println("done");
  }
}
