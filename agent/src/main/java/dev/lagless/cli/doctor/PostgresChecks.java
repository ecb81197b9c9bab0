package dev.lagless.cli.doctor;

import dev.lagless.config.HostPort;
import dev.lagless.config.MaxLag;
import dev.lagless.consistency.TokenSource;
import dev.lagless.routing.FunctionCatalog;
import dev.lagless.routing.ReplicaMonitor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The checks of the primary and of each replica. They run the very queries the agent runs
 * ({@link ReplicaMonitor}, {@link TokenSource}, {@link FunctionCatalog}) as the application's user, so
 * a permission the agent lacks shows up here the same way.
 */
final class PostgresChecks {

  /** What the primary told, for judging the replicas. */
  static final class Primary {
    final long systemIdentifier;
    final int timeline;
    final long walPosition;

    Primary(long systemIdentifier, int timeline, long walPosition) {
      this.systemIdentifier = systemIdentifier;
      this.timeline = timeline;
      this.walPosition = walPosition;
    }
  }

  private final DoctorOptions options;
  private final org.postgresql.Driver driver = new org.postgresql.Driver();

  PostgresChecks(DoctorOptions options) {
    this.options = options;
  }

  /** Null when the primary cannot be used at all (the findings say why). */
  Primary primary(List<Finding> findings) {
    try (Connection c = connect(options.primary, Map.of())) {
      String version;
      boolean inRecovery;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), pg_is_in_recovery()")) {
        rs.next();
        version = rs.getString(1);
        inRecovery = rs.getBoolean(2);
      }
      if (inRecovery) {
        findings.add(Finding.problem("reachable (PostgreSQL " + version + ") but it is a standby, in recovery",
            "point --url (or PGHOST/PGPORT) at the primary: the server the application writes to"));
        return null;
      }
      Primary primary;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ReplicaMonitor.PRIMARY_QUERY)) {
        rs.next();
        primary = new Primary(rs.getLong(3), rs.getInt(4), rs.getLong(2));
      } catch (SQLException e) {
        findings.add(permission(e, "the agent's poll of the primary"));
        return null;
      }
      findings.add(Finding.ok("reachable, PostgreSQL " + version + ", the primary (not in recovery), timeline "
          + primary.timeline + ", system identifier " + primary.systemIdentifier));
      List<String> failed = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TokenSource.QUERY)) {
        rs.next();
      } catch (SQLException e) {
        failed.add("the read-your-own-writes token query: " + e.getMessage());
      }
      try (PreparedStatement s = c.prepareStatement(FunctionCatalog.QUERY)) {
        s.setString(1, "now");
        s.setString(2, null);
        s.setString(3, null);
        s.executeQuery().close();
      } catch (SQLException e) {
        failed.add("the function catalog query (pg_catalog.pg_proc): " + e.getMessage());
      }
      if (failed.isEmpty()) {
        findings.add(Finding.ok("the functions and catalogs Lagless reads on the primary are allowed for "
            + options.user + " (WAL position, system identifier, timeline, pg_proc)"));
      } else {
        for (String failure : failed) {
          findings.add(Finding.problem("user " + options.user + " cannot run " + failure, grantFix()));
        }
      }
      return primary;
    } catch (SQLException e) {
      findings.add(connectionProblem(e, options.primary));
      return null;
    }
  }

  /** The checks of one replica; {@code primary} null when the primary could not be read. */
  void replica(HostPort node, Map<String, String> parameters, Primary primary, MaxLag maxLag, List<Finding> findings) {
    try (Connection c = connect(node, parameters)) {
      boolean inRecovery;
      long replay;
      long systemIdentifier;
      int timeline;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ReplicaMonitor.REPLICA_QUERY)) {
        rs.next();
        inRecovery = rs.getBoolean(1);
        replay = rs.getLong(2);
        systemIdentifier = rs.getLong(3);
        timeline = rs.getInt(4);
      } catch (SQLException e) {
        findings.add(permission(e, "the agent's poll of a replica"));
        return;
      }
      if (!inRecovery) {
        findings.add(Finding.problem("reachable but not in recovery: it is a primary, not a streaming replica",
            "remove it from LAGLESS_REPLICAS (a promoted replica no longer follows the primary)"));
        return;
      }
      if (primary != null && systemIdentifier != primary.systemIdentifier) {
        findings.add(Finding.problem("a replica of another cluster: system identifier " + systemIdentifier
                + ", the primary's is " + primary.systemIdentifier,
            "remove it from LAGLESS_REPLICAS, or rebuild it from this primary (pg_basebackup -R)"));
        return;
      }
      if (primary != null && timeline != primary.timeline) {
        findings.add(Finding.problem("on timeline " + timeline + ", the primary is on " + primary.timeline
                + ": it does not follow this primary",
            "rebuild or pg_rewind it to follow the current primary; Lagless sends it no reads until then"));
        return;
      }
      findings.add(Finding.ok("reachable, a streaming replica of the same cluster, timeline " + timeline));
      try {
        if (primary != null) {
          findings.add(lag(c, Math.max(0, primary.walPosition - replay), maxLag));
        }
        findings.add(conflictSettings(c));
        findings.add(timelineVisibility(c, options.user));
      } catch (SQLException e) {
        findings.add(Finding.problem("its lag and settings could not be read: " + e.getMessage(),
            "let user " + options.user + " run pg_last_wal_receive_lsn(), pg_last_xact_replay_timestamp() and"
                + " current_setting() there"));
      }
    } catch (SQLException e) {
      findings.add(connectionProblem(e, node));
    }
  }

  private static Finding lag(Connection c, long bytes, MaxLag maxLag) throws SQLException {
    double seconds;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            + " ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END")) {
      rs.next();
      seconds = rs.getDouble(1);
    }
    if (bytes == 0) {
      // Replayed up to the primary's position: nothing to wait for. The replay timestamp is that of the
      // last transaction replayed, which on a quiet primary is old while WAL without transactions
      // (checkpoints, running-transaction snapshots) is received and not yet replayed: no lag at all.
      seconds = 0;
    }
    String now = String.format(Locale.ROOT, "lag now %d bytes behind the primary, %.3f s of replay", bytes, seconds);
    boolean over = maxLag.isTime() ? seconds * 1e9 > maxLag.time().toNanos() : bytes > maxLag.bytes();
    if (over) {
      return Finding.problem(now + ": more than LAGLESS_MAX_LAG " + maxLag + ", so Lagless sends it no reads",
          "find why it lags (pg_stat_replication on the primary: network, disk, long queries with"
              + " max_standby_streaming_delay = -1), or raise LAGLESS_MAX_LAG");
    }
    return Finding.ok(now + " (LAGLESS_MAX_LAG " + maxLag + ")");
  }

  /**
   * Whether the agent sees the timeline the replica's WAL receiver streams (then reads come back right
   * after a failover) or only its last restartpoint's (then minutes later).
   */
  private static Finding timelineVisibility(Connection c, String user) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT count(*), count(received_tli) FROM pg_stat_wal_receiver")) {
      rs.next();
      if (rs.getInt(1) == 0 || rs.getInt(2) > 0) {
        return Finding.ok("after a failover, reads come back as soon as it streams the new timeline"
            + (rs.getInt(1) == 0 ? " (no WAL receiver running now)" : ""));
      }
    }
    return Finding.note("user " + user + " cannot see the WAL receiver's timeline (pg_stat_wal_receiver): after a"
        + " failover this replica gets reads again only after its next restartpoint (checkpoint_timeout)."
        + " GRANT pg_read_all_stats TO "
        + user + " (or pg_monitor) for reads right after it streams the new timeline");
  }

  private static Finding conflictSettings(Connection c) throws SQLException {
    String feedback;
    String delay;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT current_setting('hot_standby_feedback'), current_setting('max_standby_streaming_delay')")) {
      rs.next();
      feedback = rs.getString(1);
      delay = rs.getString(2);
    }
    String settings = "hot_standby_feedback = " + feedback + ", max_standby_streaming_delay = " + delay + ": ";
    if (delay.equals("-1")) {
      return Finding.note(settings + "replay waits for conflicting reads without limit, so one long read can make"
          + " this replica lag without bound; Lagless stops sending it reads beyond LAGLESS_MAX_LAG");
    }
    if (feedback.equals("on")) {
      return Finding.note(settings + "few recovery conflicts; long reads here hold back VACUUM on the primary"
          + " (table bloat while they run)");
    }
    return Finding.note(settings + "a read running longer than " + delay + " while VACUUM on the primary removes"
        + " rows it could see is cancelled (SQLSTATE 40001); Lagless retries such auto-commit reads elsewhere,"
        + " read-only transactions fail as on any replica. hot_standby_feedback = on avoids most of these");
  }

  private Connection connect(HostPort node, Map<String, String> nodeParameters) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(options.parameters);
    properties.putAll(nodeParameters);
    properties.setProperty("user", options.user);
    if (options.password != null) {
      properties.setProperty("password", options.password);
    }
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "15");
    properties.setProperty("ApplicationName", "lagless-doctor");
    String url = "jdbc:postgresql://" + node + "/" + URLEncoder.encode(options.database, StandardCharsets.UTF_8);
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver did not accept " + url);
    }
    return connection;
  }

  private Finding connectionProblem(SQLException e, HostPort node) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("28P01") || state.equals("28000")) {
      return Finding.problem("reached, but the server refused user " + options.user + ": " + e.getMessage(),
          "check the user and password (PGUSER, PGPASSWORD, or the URL's user and password) and pg_hba.conf");
    }
    if (state.equals("3D000")) {
      return Finding.problem("reached, but " + e.getMessage(), "name an existing database (the URL's path or PGDATABASE)");
    }
    return Finding.problem("not reachable: " + e.getMessage(),
        "check that PostgreSQL runs on " + node + " and that this host may connect to it (listen_addresses, firewall)");
  }

  private Finding permission(SQLException e, String what) {
    return Finding.problem("user " + options.user + " cannot run " + what + ": " + e.getMessage(), grantFix());
  }

  private String grantFix() {
    return "as a superuser: GRANT EXECUTE ON FUNCTION pg_control_system(), pg_control_checkpoint(),"
        + " pg_current_wal_lsn(), pg_current_wal_insert_lsn(), pg_last_wal_replay_lsn(), pg_walfile_name(pg_lsn) TO "
        + options.user + "; (and SELECT on pg_catalog.pg_proc, granted to everyone by default)";
  }
}
