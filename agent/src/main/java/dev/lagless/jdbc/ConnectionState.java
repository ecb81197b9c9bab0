package dev.lagless.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What the agent tracks for one routed application connection: how it connects (for replica pools),
 * its session state, the isolation level the application set, the replica transaction in progress
 * (a read-only transaction runs whole on one replica connection), and the replica executions still
 * open, which all end when the connection's transaction or the connection itself does.
 */
final class ConnectionState {

  final ConnectionProfile profile;
  final SessionState session = new SessionState();
  /** The JDBC isolation level the application set, or -1 for the server's default. */
  volatile int isolation = -1;
  private ReplicaLease transaction;
  /** A statement that may write ran in the current transaction on the primary: its commit needs a token. */
  volatile boolean wroteInTransaction;
  /** The current transaction changed the defaults new sessions start with: renew the replica pools at its commit. */
  volatile boolean changedSessionDefaults;
  private final Set<ReplicaExecution> executions = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Replica statements executing now for this connection: closing or aborting it cancels them. */
  private final Set<java.sql.Statement> running = Collections.newSetFromMap(new IdentityHashMap<>());

  ConnectionState(ConnectionProfile profile) {
    this.profile = profile;
  }

  synchronized ReplicaLease transaction() {
    return transaction;
  }

  synchronized void transactionStarted(ReplicaLease lease) {
    transaction = lease;
  }

  /** Set once the application closes or aborts the connection: from then on nothing starts on a replica. */
  private boolean closing;

  /**
   * A replica statement is about to execute; false when the connection is already closing (its close
   * came after the routing decision and before this point: the statement must not start, as its cancel
   * would have been missed).
   */
  synchronized boolean running(java.sql.Statement replica) {
    if (closing) {
      return false;
    }
    running.add(replica);
    return true;
  }

  synchronized void finished(java.sql.Statement replica) {
    running.remove(replica);
  }

  synchronized void executionStarted(ReplicaExecution execution) {
    executions.add(execution);
  }

  synchronized void executionEnded(ReplicaExecution execution) {
    executions.remove(execution);
  }

  /**
   * The application's transaction ends (commit, rollback, auto-commit on, close): end the replica
   * transaction the same way and give every replica connection back.
   */
  void endTransaction(boolean commit) {
    List<ReplicaExecution> open;
    ReplicaLease lease;
    synchronized (this) {
      open = new ArrayList<>(executions);
      lease = transaction;
      transaction = null;
    }
    for (ReplicaExecution execution : open) {
      if (execution.lease() == lease) {
        execution.release();
      }
    }
    if (lease != null) {
      try {
        if (commit) {
          lease.connection.commit();
        } else {
          lease.connection.rollback();
        }
        lease.close();
      } catch (java.sql.SQLException | RuntimeException e) {
        // A read-only transaction has nothing to lose: the connection is discarded, the application goes on.
        lease.discard();
      }
    }
  }

  /** The connection closes: everything it holds on replicas goes back. */
  void closed() {
    List<ReplicaExecution> open;
    List<java.sql.Statement> inFlight;
    synchronized (this) {
      closing = true;
      open = new ArrayList<>(executions);
      inFlight = new ArrayList<>(running);
    }
    for (java.sql.Statement statement : inFlight) {
      try {
        statement.cancel(); // the application's thread then gets the closed connection's error (ReplicaRunner)
      } catch (java.sql.SQLException | RuntimeException ignored) {
        // it is finishing anyway
      }
    }
    for (ReplicaExecution execution : open) {
      execution.release();
    }
    endTransaction(false);
  }
}
