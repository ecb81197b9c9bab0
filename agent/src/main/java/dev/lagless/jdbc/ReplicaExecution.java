package dev.lagless.jdbc;

import java.lang.ref.WeakReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One execution of an application statement on a replica: the replica statement whose results the
 * application is reading, and the lease it holds. In auto-commit the lease is its own and goes back to
 * the pool as soon as the application is done with the results; inside a read-only transaction the
 * lease belongs to the transaction.
 */
final class ReplicaExecution {

  private final ConnectionState connection;
  private final ReplicaLease lease;
  private final boolean ownsLease;
  final Statement statement;
  /** One statement in the text: once its result set is closed, nothing more can come. */
  private final boolean singleResult;
  private WeakReference<RoutedResultSet> current;
  private boolean released;

  ReplicaExecution(ConnectionState connection, ReplicaLease lease, boolean ownsLease, Statement statement,
      boolean singleResult) {
    this.connection = connection;
    this.lease = lease;
    this.ownsLease = ownsLease;
    this.statement = statement;
    this.singleResult = singleResult;
  }

  ReplicaLease lease() {
    return lease;
  }

  /** The application's view of the replica's current result set (the same object on every call). */
  synchronized ResultSet resultSet(ResultSet replicaResult, Statement applicationStatement) {
    if (replicaResult == null) {
      return null;
    }
    RoutedResultSet wrapper = current == null ? null : current.get();
    if (wrapper == null || !wrapper.wraps(replicaResult)) {
      wrapper = new RoutedResultSet(replicaResult, applicationStatement, this);
      current = new WeakReference<>(wrapper);
    }
    return wrapper;
  }

  void resultSetClosed() {
    if (singleResult) {
      release();
    }
  }

  void cancel() throws SQLException {
    Statement s = statement;
    if (s != null && !isReleased()) {
      s.cancel();
    }
  }

  synchronized boolean isReleased() {
    return released;
  }

  /** Closes the replica statement and, when the lease is this execution's own, gives it back. */
  void release() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    try {
      statement.close();
    } catch (SQLException | RuntimeException ignored) {
      // the connection may be broken; the lease decides below
    }
    if (ownsLease) {
      lease.close();
    }
    connection.executionEnded(this);
  }
}
