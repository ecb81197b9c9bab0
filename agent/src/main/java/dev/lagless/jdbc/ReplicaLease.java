package dev.lagless.jdbc;

import dev.lagless.routing.ReplicaNode;
import dev.lagless.routing.ReplicaPools;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A replica connection borrowed from its pool for one statement or one read-only transaction, with
 * the application session's settings applied. Settings are reconciled at borrow time, not undone at
 * return: the pool's connections are only ever used by the agent, so a connection that already has
 * the wanted settings (the common case: none) costs no extra round trip.
 */
final class ReplicaLease {

  /**
   * Which session version each physical replica connection carries now (by identity, weakly: a
   * connection the pool closes is forgotten). Concurrent: every replica read looks here.
   */
  private static final WeakIdentityMap<Connection, Long> APPLIED = new WeakIdentityMap<>(version -> { });

  /**
   * The replay position its replica had reached when each physical connection started (the monitor's
   * last poll, a lower bound): the session defaults it started with are at least that new.
   */
  private static final WeakIdentityMap<Connection, Long> STARTED_AT = new WeakIdentityMap<>(position -> { });

  final ReplicaNode node;
  final Connection connection;
  /** The driver's own connection under the pool's proxy. */
  private final Connection physical;
  private final Object credentials;
  private final ReplicaPools pools;
  private boolean done;

  private ReplicaLease(ReplicaNode node, Connection connection, Connection physical, Object credentials,
      ReplicaPools pools) {
    this.node = node;
    this.connection = connection;
    this.physical = physical;
    this.credentials = credentials;
    this.pools = pools;
  }

  static ReplicaLease borrow(ReplicaNode node, ConnectionProfile profile, ReplicaPools pools) throws SQLException {
    Connection connection = pools.borrow(node, profile.credentials(), profile);
    Connection physical;
    try {
      physical = connection.unwrap(Connection.class);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    node.leased(physical);
    return new ReplicaLease(node, connection, physical, profile.credentials(), pools);
  }

  static void started(Connection physical, long replayed) {
    if (physical != null) {
      STARTED_AT.put(physical, replayed);
    }
  }

  /**
   * True when this session may have started before its replica replayed the newest {@code ALTER
   * DATABASE/ROLE … SET} made through the agent, and so may have the defaults of before it.
   */
  boolean startedBeforeDefaultsChanged() {
    Long startedAt = STARTED_AT.get(physical);
    return pools.startedBeforeDefaultsChanged(startedAt == null ? -1 : startedAt);
  }

  /** Brings the connection's session to the application session's settings. */
  void applySession(SessionState session) throws SQLException {
    long wanted = session.version();
    Long applied = APPLIED.get(physical);
    if (applied == null ? wanted == 0 : applied == wanted) {
      return;
    }
    APPLIED.remove(physical); // until the new state is fully applied, its state is unknown
    StringBuilder plain = new StringBuilder("SET SESSION AUTHORIZATION DEFAULT; RESET ALL");
    java.util.List<SessionState.Replay> withParameters = new java.util.ArrayList<>();
    for (SessionState.Replay replay : session.replays()) {
      if (replay.parameters == null) {
        plain.append("; ").append(replay.sql);
      } else {
        withParameters.add(replay);
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(plain.toString());
    }
    for (SessionState.Replay replay : withParameters) {
      try (PreparedStatement statement = connection.prepareStatement(replay.sql)) {
        replay.parameters.applyTo(statement);
        statement.execute();
      }
    }
    APPLIED.put(physical, wanted);
  }

  /**
   * Settings the server reports to the driver ({@code ParameterStatus}) that the application's session
   * changed without a statement Lagless saw: {@code setClientInfo("ApplicationName", …)} (the driver
   * sends its own {@code SET}), or a function that called {@code set_config}. Both connections' values
   * are already in the driver's memory, so comparing them costs nothing; only a difference costs one
   * round trip. A pooled connection that kept such a value for another session is corrected the same way.
   */
  void applyReportedSettings(Connection application) throws SQLException {
    java.util.List<String> changed = null; // made only when a value differs: every replica read comes here
    for (String name : ReportedSettings.NAMES) {
      String wanted = ReportedSettings.value(application, name);
      if (wanted != null && !wanted.equals(ReportedSettings.value(physical, name))) {
        if (changed == null) {
          changed = new java.util.ArrayList<>();
        }
        changed.add(name);
        changed.add(wanted);
      }
    }
    if (changed == null) {
      return;
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < changed.size(); i += 2) {
      sql.append(i == 0 ? "" : ", ").append("pg_catalog.set_config(?, ?, false)");
    }
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < changed.size(); i++) {
        statement.setString(i + 1, changed.get(i));
      }
      statement.execute();
    }
  }

  /** Gives the connection back to its pool. */
  void close() {
    if (done) {
      return;
    }
    done = true;
    node.returned(physical);
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // the pool notices a broken connection itself
    }
  }

  /** Throws the connection away (it failed) instead of giving it back. */
  void discard() {
    if (done) {
      return;
    }
    done = true;
    node.returned(physical);
    pools.evict(node, credentials, connection);
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // already evicted
    }
  }
}
