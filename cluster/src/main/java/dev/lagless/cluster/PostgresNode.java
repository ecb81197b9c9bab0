package dev.lagless.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * One PostgreSQL server of a {@link LocalCluster}: the primary or a streaming replica. Every control
 * a test needs: stop, kill, start, promote, pause and resume replay, an apply delay, and the node's
 * WAL positions.
 */
public final class PostgresNode {

  /** What a node is now; a promoted replica becomes a primary. */
  public enum Role {
    PRIMARY,
    REPLICA
  }

  static final String SUPERUSER = "postgres";
  private static final String PAUSED = "SELECT pg_get_wal_replay_pause_state() = 'paused'";
  /**
   * PostgreSQL 13 has no pg_get_wal_replay_pause_state(): its startup process checks the request before
   * each record, so replay has stopped once it sleeps in the pause or waits for WAL (whose next record it
   * will not apply).
   */
  private static final String PAUSED_13 = "SELECT wait_event IN ('RecoveryPause', 'RecoveryWalStream')"
      + " FROM pg_stat_activity WHERE backend_type = 'startup'";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final int port;
  private final Path dataDir;
  private final Path log;
  private final PostgresBinaries binaries;
  private final RunAs runAs;
  private volatile Role role;
  private volatile ServerProcess process;

  PostgresNode(String name, Role role, int port, Path dataDir, Path log, PostgresBinaries binaries, RunAs runAs) {
    this.name = name;
    this.role = role;
    this.port = port;
    this.dataDir = dataDir;
    this.log = log;
    this.binaries = binaries;
    this.runAs = runAs;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path log() {
    return log;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, with no credentials in it. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
  }

  /** The postmaster's process id, or -1 when it is not running. */
  public long pid() {
    ServerProcess current = process;
    return current != null && current.isAlive() ? current.pid() : -1;
  }

  public boolean isRunning() {
    ServerProcess current = process;
    return current != null && current.isAlive();
  }

  /** Starts the server (again) on its data directory and waits until it accepts connections. */
  public synchronized void start() throws IOException {
    if (isRunning()) {
      return;
    }
    launch();
    awaitReady();
  }

  /** Starts the postmaster without waiting; {@link #awaitReady()} waits. */
  synchronized void launch() throws IOException {
    List<String> command = runAs.command(List.of(
        binaries.postgres().toString(), "-D", dataDir.toString(), "-p", Integer.toString(port)), "QUIT");
    process = ServerProcess.start(command, log);
  }

  /** Waits until the server answers a query, failing early (with its log) if it exits. */
  void awaitReady() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      ServerProcess current = process;
      if (current == null || !current.isAlive()) {
        throw new IOException(name + " exited while starting; its log ends with:\n" + Os.tail(log, 20));
      }
      try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
        return;
      } catch (SQLException e) {
        last = e;
      }
      pause(Duration.ofMillis(10));
    }
    throw new IOException(name + " did not accept connections within " + START_TIMEOUT.toSeconds() + " s: " + last
        + "\n" + Os.tail(log, 20));
  }

  /** Fast shutdown (SIGINT): sessions are ended, the server checkpoints and exits. */
  public synchronized void stop() throws IOException {
    shutDown("INT");
  }

  /** Kills the postmaster with SIGKILL, as a crash would; its backends notice and exit. */
  public synchronized void kill() throws IOException {
    shutDown("KILL");
  }

  private void shutDown(String signal) throws IOException {
    ServerProcess current = process;
    if (current == null || !current.isAlive()) {
      return;
    }
    List<ProcessHandle> children = current.descendants();
    current.signal(signal);
    current.awaitExit(children, STOP_TIMEOUT);
    process = null;
  }

  /** Promotes a replica and waits until it accepts writes. */
  public void promote() throws IOException {
    requireRole(Role.REPLICA, "promote");
    query("postgres", "SELECT pg_promote(true, 60)");
    role = Role.PRIMARY;
  }

  /** Stops applying WAL on a replica: from now on it falls behind, exactly. */
  public void pauseReplay() throws IOException {
    requireRole(Role.REPLICA, "pause replay");
    query("postgres", "SELECT pg_wal_replay_pause()");
    // pg_wal_replay_pause() only requests the pause; wait until recovery has really stopped.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"t".equals(query("postgres", binaries.majorVersion() >= 14 ? PAUSED : PAUSED_13))) {
      if (System.nanoTime() > deadline) {
        throw new IOException(name + ": replay did not pause within 10 s");
      }
      pause(Duration.ofMillis(2));
    }
  }

  public void resumeReplay() throws IOException {
    requireRole(Role.REPLICA, "resume replay");
    query("postgres", "SELECT pg_wal_replay_resume()");
  }

  /** {@code recovery_min_apply_delay}: every commit becomes visible here this long after the primary. */
  public void setApplyDelay(Duration delay) throws IOException {
    requireRole(Role.REPLICA, "set an apply delay");
    query("postgres", "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay.toMillis() + "ms'");
    query("postgres", "SELECT pg_reload_conf()");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    // pg_settings gives the raw milliseconds; SHOW would say "30s" for 30000 ms.
    String expected = Long.toString(delay.toMillis());
    while (!expected.equals(query("postgres", "SELECT setting FROM pg_settings WHERE name = 'recovery_min_apply_delay'"))) {
      if (System.nanoTime() > deadline) {
        throw new IOException(name + ": recovery_min_apply_delay did not take effect within 10 s");
      }
      pause(Duration.ofMillis(2));
    }
  }

  /** The primary's current WAL write position ({@code pg_current_wal_lsn()}). */
  public long currentLsn() throws IOException {
    requireRole(Role.PRIMARY, "read the current WAL position");
    return Lsn.parse(query("postgres", "SELECT pg_current_wal_lsn()"));
  }

  /** A replica's replayed position ({@code pg_last_wal_replay_lsn()}): what its queries can see. */
  public long replayLsn() throws IOException {
    requireRole(Role.REPLICA, "read the replay position");
    return Lsn.parse(query("postgres", "SELECT pg_last_wal_replay_lsn()"));
  }

  /** A replica's received-and-flushed position ({@code pg_last_wal_receive_lsn()}). */
  public long receiveLsn() throws IOException {
    requireRole(Role.REPLICA, "read the receive position");
    return Lsn.parse(query("postgres", "SELECT pg_last_wal_receive_lsn()"));
  }

  /** What this node's queries can see: the current position of a primary, the replay position of a replica. */
  public long visibleLsn() throws IOException {
    return role == Role.PRIMARY ? currentLsn() : replayLsn();
  }

  public boolean isInRecovery() throws IOException {
    return "t".equals(query("postgres", "SELECT pg_is_in_recovery()"));
  }

  /** A superuser connection to a database of this node. */
  public Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("ApplicationName", "lagless-cluster");
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  /** Runs one statement as superuser; returns the first column of the first row, or null. */
  public String query(String database, String sql) throws IOException {
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      if (!s.execute(sql)) {
        return null;
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IOException(name + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  void writeFile(String relative, String content, boolean append) throws IOException {
    Path file = dataDir.resolve(relative);
    if (append) {
      Files.writeString(file, content, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    } else {
      Files.writeString(file, content);
    }
  }

  private void requireRole(Role wanted, String what) {
    if (role != wanted) {
      throw new IllegalStateException("cannot " + what + " on " + name + ": it is a " + role.name().toLowerCase());
    }
  }

  static void pause(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + role.name().toLowerCase() + ", 127.0.0.1:" + port + ")";
  }
}
