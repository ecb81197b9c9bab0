package dev.lagless.routing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One HikariCP pool per replica and set of credentials (the application may connect as several
 * users), created on first use. Connections come from the application's own driver through a
 * {@link NodeConnector}, so the application gets its own driver's types back. Borrowing waits at most
 * a few milliseconds: a replica that cannot give a connection at once costs the read a fallback, not
 * a stall.
 */
public final class ReplicaPools {

  /** How long a read waits for a free replica connection before it goes elsewhere. */
  static final long BORROW_TIMEOUT_MILLIS = 100;

  private final int size;
  private final ConcurrentHashMap<Key, HikariPool> pools = new ConcurrentHashMap<>();
  private volatile com.zaxxer.hikari.metrics.MetricsTrackerFactory metrics;

  public ReplicaPools(int size) {
    this.size = size;
  }

  /** Where the pools made from now on report their saturation (telemetry); null: nowhere. */
  public void reportTo(com.zaxxer.hikari.metrics.MetricsTrackerFactory factory) {
    this.metrics = factory;
  }

  /** A connection to {@code node} as {@code credentials}; close it to give it back. */
  public Connection borrow(ReplicaNode node, Object credentials, NodeConnector connector) throws SQLException {
    if (node.retired()) {
      throw leftTheSet(node); // chosen just before it left the set: no new pool for it
    }
    Key key = new Key(node, credentials);
    HikariPool pool = pools.get(key); // the common case, without computeIfAbsent's capturing lambda
    if (pool == null) {
      pool = pools.computeIfAbsent(key, absent -> create(node, connector));
      if (node.retired()) {
        retire(node); // it left while this pool was being made: close it too, as it drains
        throw leftTheSet(node);
      }
    }
    return pool.getConnection(BORROW_TIMEOUT_MILLIS);
  }

  /** A connection failure (class 08): the caller tries another node. */
  private static SQLException leftTheSet(ReplicaNode node) {
    return new SQLException("replica " + node + " left the replica set", "08003");
  }

  /** Throws away a connection that failed, instead of giving it back. */
  public void evict(ReplicaNode node, Object credentials, Connection connection) {
    HikariPool pool = pools.get(new Key(node, credentials));
    if (pool != null) {
      pool.evictConnection(connection);
    }
  }

  /** The primary's position at or after the newest {@code ALTER DATABASE/ROLE … SET}; -1: none. */
  private volatile long defaultsChangedAt = -1;

  /**
   * The application changed what a new session starts with ({@code ALTER DATABASE/ROLE … SET}), which
   * sessions already open keep, and which a replica session gets only if it starts after the replica
   * replayed the change (at {@code position} of the primary's WAL at the latest; -1 when unknown).
   */
  public synchronized void sessionDefaultsChanged(long position) {
    if (position > defaultsChangedAt) {
      defaultsChangedAt = position;
    }
    renewAll();
  }

  /** Whether a session that started when its replica had replayed {@code startedAt} may have older defaults. */
  public boolean startedBeforeDefaultsChanged(long startedAt) {
    return startedAt < defaultsChangedAt;
  }

  /** Replaces every pooled connection as soon as it is idle. */
  public void renewAll() {
    for (HikariPool pool : pools.values()) {
      pool.softEvictConnections();
    }
  }

  /** How long a gone node's pools wait for the reads running on them before they close. */
  private static final long RETIRE_DRAIN_MILLIS = 30_000;

  /**
   * Closes the pools of a node that left the replica set (discovery no longer lists it), on a daemon
   * thread once the reads running there have finished (HikariCP's shutdown aborts connections still
   * lent out; a node that left, e.g. promoted, still answers them correctly).
   */
  public void retire(ReplicaNode node) {
    java.util.List<HikariPool> gone = new java.util.ArrayList<>();
    for (var it = pools.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (entry.getKey().node == node) {
        gone.add(entry.getValue());
        it.remove();
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    Thread closer = new Thread(() -> dev.lagless.telemetry.OwnWork.run(() -> {
      try {
        node.awaitNoneLent(RETIRE_DRAIN_MILLIS);
        for (HikariPool pool : gone) {
          pool.shutdown();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }), "lagless-replica-pool-close-" + node.endpoint());
    closer.setDaemon(true);
    closer.start();
  }

  public void shutdown() {
    for (HikariPool pool : pools.values()) {
      try {
        pool.shutdown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private HikariPool create(ReplicaNode node, NodeConnector connector) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("lagless-replica-" + node.endpoint());
    config.setDataSource(new ConnectorDataSource(node, connector));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    config.setConnectionTimeout(250); // HikariCP's minimum; borrow() passes its own shorter limit
    config.setValidationTimeout(250);
    config.setInitializationFailTimeout(-1); // a replica that is down when the pool is made must not fail the read
    config.setRegisterMbeans(false);
    if (metrics != null) {
      config.setMetricsTrackerFactory(metrics);
    }
    config.setThreadFactory(runnable -> {
      Thread thread = new Thread(() -> dev.lagless.telemetry.OwnWork.run(runnable),
          "lagless-replica-pool-" + node.endpoint());
      thread.setDaemon(true);
      return thread;
    });
    return new HikariPool(config);
  }

  private static final class Key {
    private final ReplicaNode node;
    private final Object credentials;

    Key(ReplicaNode node, Object credentials) {
      this.node = node;
      this.credentials = credentials;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).node == node && ((Key) o).credentials.equals(credentials);
    }

    @Override
    public int hashCode() {
      return Objects.hash(System.identityHashCode(node), credentials);
    }
  }

  /** What HikariCP needs to open a connection: our connector, behind the DataSource interface. */
  private static final class ConnectorDataSource implements DataSource {
    private final ReplicaNode node;
    private final NodeConnector connector;

    ConnectorDataSource(ReplicaNode node, NodeConnector connector) {
      this.node = node;
      this.connector = connector;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return connector.openReplica(node);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the replica pool uses the application's credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
