package dev.lagless.jdbc;

import dev.lagless.bootstrap.JdbcHooks;
import dev.lagless.consistency.Token;
import dev.lagless.routing.ReplicaChooser;
import dev.lagless.routing.ReplicaNode;
import dev.lagless.routing.RouteReason;
import dev.lagless.sql.Classification;
import dev.lagless.telemetry.StatementSpan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs an application statement on a replica connection, the way the application asked for it: the
 * same kind of statement, result set type, concurrency and holdability, fetch size, row limit and
 * query timeout, the same parameters. Failures that mean "this replica, not this statement" (no
 * connection, a dropped connection, a recovery conflict) take the replica out of rotation and try the
 * next one; when none is left, the caller lets the statement run on the primary. Any other error is
 * the statement's own and reaches the application as the replica gave it, as the primary would have.
 */
final class ReplicaRunner {

  private final RoutingRuntime runtime;

  ReplicaRunner(RoutingRuntime runtime) {
    this.runtime = runtime;
  }

  /** Runs per {@code plan}; null means "run it on the primary". */
  JdbcHooks.Replaced run(Statement application, StatementState state, String sql, boolean query,
      Classification c, RoutePlan plan, StatementSpan span) {
    switch (plan.kind) {
      case REPLICA_TRANSACTION:
        return inTransaction(application, state, sql, query, c, span);
      case REPLICA_TRANSACTION_START:
      case REPLICA:
        return withRetries(application, state, sql, query, c, plan, span);
      default:
        return null;
    }
  }

  /** The statement goes to the primary after all: the span says why. */
  private static JdbcHooks.Replaced toPrimary(StatementSpan span, StatementState state, RouteReason why) {
    ConnectionProfile profile = state.connection.profile;
    span.onPrimary(why, profile.firstHost(), profile.firstPort());
    return null;
  }

  private JdbcHooks.Replaced withRetries(Statement application, StatementState state, String sql, boolean query,
      Classification c, RoutePlan plan, StatementSpan span) {
    ConnectionState session = state.connection;
    boolean transaction = plan.kind == RoutePlan.Kind.REPLICA_TRANSACTION_START;
    runtime.awaitMonitor();
    long required = requiredPosition(span);
    if (required == NOT_ON_A_REPLICA) {
      return toPrimary(span, state, RouteReason.RYOW_FALLBACK);
    }
    long started = System.nanoTime();
    long waitUntil = started + runtime.config.ryowWait().toNanos();
    ReplicaNode failed = null;
    for (int attempt = 0; attempt <= runtime.replicas.nodes().size(); attempt++) {
      ReplicaChooser.Choice choice = runtime.chooser.choose(failed, required);
      if (choice.node == null) {
        if (required >= 0) {
          span.waited(System.nanoTime() - started);
        }
        return toPrimary(span, state, failed != null ? RouteReason.RETRY : choice.reasonWhenNone);
      }
      ReplicaNode node = choice.node;
      if (node.behindProxy() && (session.session.version() != 0 || (transaction && session.isolation >= 0))) {
        // The session's SET parameters (or its isolation level, which the driver sets for the session)
        // could not be carried reliably through a pooler, nor undone there (ReplicaMonitor).
        return toPrimary(span, state, RouteReason.SESSION_STATE);
      }
      ReplicaLease lease;
      try {
        lease = ReplicaLease.borrow(node, session.profile, runtime.pools);
        if (lease.startedBeforeDefaultsChanged()) {
          lease.discard(); // started with session defaults older than an ALTER DATABASE/ROLE … SET: a new one
          lease = ReplicaLease.borrow(node, session.profile, runtime.pools);
        }
      } catch (SQLException e) {
        node.markFailed();
        span.replicaFailed(node.endpoint().host(), node.endpoint().port(), e);
        failed = node;
        continue;
      }
      if (lease.startedBeforeDefaultsChanged()) {
        lease.discard(); // the replica has not replayed the change yet: this read, on the primary
        return toPrimary(span, state, RouteReason.REPLICA_LAG);
      }
      Statement replica;
      try {
        if (!choice.caughtUp && !ReplayWait.until(lease, required, waitUntil)) {
          lease.close();
          span.waited(System.nanoTime() - started);
          return toPrimary(span, state, RouteReason.RYOW_FALLBACK); // no replica reached the token in time
        }
        if (required >= 0) {
          span.waited(choice.caughtUp ? 0 : System.nanoTime() - started);
        }
        lease.applySession(session.session);
        lease.applyReportedSettings(application.getConnection());
        if (transaction) {
          lease.connection.setAutoCommit(false);
          lease.connection.setReadOnly(true);
          if (session.isolation >= 0) {
            lease.connection.setTransactionIsolation(session.isolation);
          }
        }
        replica = create(lease.connection, state, sql, application);
      } catch (SQLException | RuntimeException e) {
        // Not the statement's error: getting the replica connection ready failed.
        lease.discard();
        if (e instanceof SQLException && Failures.replicaAtFault((SQLException) e)) {
          node.markFailed();
          span.replicaFailed(node.endpoint().host(), node.endpoint().port(), e);
          failed = node;
          continue;
        }
        return toPrimary(span, state, RouteReason.RETRY);
      }
      try {
        span.onReplica(node.endpoint().host(), node.endpoint().port(), node.health().lagMillis);
        boolean hasResultSet = execute(replica, state, sql, query, session);
        ReplicaExecution execution = new ReplicaExecution(session, lease, !transaction, replica,
            c.statementCount() <= 1);
        if (transaction) {
          session.transactionStarted(lease);
        }
        return started(application, state, execution, replica, query, hasResultSet);
      } catch (SQLException e) {
        closeQuietly(replica);
        if (e instanceof ClosedBeforeStart || applicationClosed(application) || Failures.networkTimeout(e)) {
          // The application closed or aborted its connection while the replica ran the statement, or its
          // own network timeout fired (the replica connection has the application's): the driver answers
          // on the application's connection as without the agent (closed; or the same timeout, after
          // which the driver closes the connection). Not the replica's fault.
          lease.discard();
          return toPrimary(span, state, RouteReason.RETRY);
        }
        if (Failures.replicaAtFault(e)) {
          node.markFailed();
          lease.discard();
          span.replicaFailed(node.endpoint().host(), node.endpoint().port(), e);
          failed = node;
          continue;
        }
        if (plan.hinted && Failures.readOnlyViolation(e)) {
          lease.close();
          // the hint was wrong: the replica refused a write, the primary runs it
          return toPrimary(span, state, RouteReason.HINT);
        }
        if (transaction) {
          lease.discard(); // its transaction failed; never hand it to anyone mid-transaction
        } else {
          lease.close();
        }
        return new JdbcHooks.Replaced(null, e); // the statement's own error, as the primary would give it
      } catch (RuntimeException e) {
        closeQuietly(replica);
        lease.discard();
        return toPrimary(span, state, RouteReason.RETRY); // a bug of ours: the primary is always safe
      }
    }
    return toPrimary(span, state, RouteReason.RETRY);
  }

  /** No token: -1. A token no replica can be judged against (another cluster or timeline): the primary. */
  private static final long NOT_ON_A_REPLICA = Long.MIN_VALUE;

  private long requiredPosition(StatementSpan span) {
    if (runtime.ryow == null || runtime.monitor() == null) {
      return -1;
    }
    long sysid = runtime.monitor().primarySystemIdentifier();
    Token token = runtime.ryow.required(runtime.primaryPosition());
    if (token == null) {
      return -1;
    }
    if (token == dev.lagless.consistency.ReadYourWrites.UNKNOWN) {
      return NOT_ON_A_REPLICA; // a write's token could not be learned: the primary is the safe side
    }
    span.token(token);
    if (token.systemIdentifier != sysid || token.timeline != runtime.monitor().primaryTimeline()) {
      return NOT_ON_A_REPLICA;
    }
    return token.lsn;
  }

  private JdbcHooks.Replaced inTransaction(Statement application, StatementState state, String sql, boolean query,
      Classification c, StatementSpan span) {
    ConnectionState session = state.connection;
    ReplicaLease lease = session.transaction();
    if (lease == null) {
      return toPrimary(span, state, RouteReason.TRANSACTION);
    }
    Statement replica = null;
    try {
      span.onReplica(lease.node.endpoint().host(), lease.node.endpoint().port(), lease.node.health().lagMillis);
      replica = create(lease.connection, state, sql, application);
      boolean hasResultSet = execute(replica, state, sql, query, session);
      ReplicaExecution execution = new ReplicaExecution(session, lease, false, replica, c.statementCount() <= 1);
      return started(application, state, execution, replica, query, hasResultSet);
    } catch (SQLException e) {
      closeQuietly(replica);
      if (!(e instanceof ClosedBeforeStart) && Failures.replicaAtFault(e)) {
        lease.node.markFailed();
      }
      // Statements of this transaction already ran on that replica: the error is the application's to see.
      return new JdbcHooks.Replaced(null, e);
    }
  }

  /** A session setting inside a replica transaction: applied there too, so its next reads see it. */
  void alsoOnTransaction(StatementState state, String sql, Classification c) {
    ReplicaLease lease = state.connection.transaction();
    if (lease == null) {
      return;
    }
    try (Statement replica = create(lease.connection, state, sql, null)) {
      if (replica instanceof PreparedStatement) {
        ((PreparedStatement) replica).execute();
      } else {
        replica.execute(sql);
      }
    } catch (SQLException | RuntimeException e) {
      // The primary runs it next and reports its own error, if any.
    }
  }

  private static JdbcHooks.Replaced started(Statement application, StatementState state, ReplicaExecution execution,
      Statement replica, boolean query, boolean hasResultSet) throws SQLException {
    state.connection.executionStarted(execution);
    state.executing(execution);
    if (query) {
      return new JdbcHooks.Replaced(execution.resultSet(replica.getResultSet(), application), null);
    }
    return new JdbcHooks.Replaced(hasResultSet, null);
  }

  private static Statement create(Connection replica, StatementState state, String sql, Statement application)
      throws SQLException {
    Statement created;
    if (state.preparedSql != null) {
      PreparedStatement prepared = replica.prepareStatement(sql, state.resultSetType, state.resultSetConcurrency,
          state.resultSetHoldability);
      RecordedParameters parameters = state.parametersIfAny();
      if (parameters != null) {
        parameters.applyTo(prepared);
      }
      created = prepared;
    } else {
      created = replica.createStatement(state.resultSetType, state.resultSetConcurrency, state.resultSetHoldability);
    }
    if (application != null) {
      copySettings(application, created);
    }
    return created;
  }

  private static void copySettings(Statement from, Statement to) throws SQLException {
    int fetchSize = from.getFetchSize();
    if (fetchSize != 0) {
      to.setFetchSize(fetchSize);
    }
    int maxRows = from.getMaxRows();
    if (maxRows != 0) {
      to.setMaxRows(maxRows);
    }
    int timeout = from.getQueryTimeout();
    if (timeout != 0) {
      to.setQueryTimeout(timeout);
    }
    int maxFieldSize = from.getMaxFieldSize();
    if (maxFieldSize != 0) {
      to.setMaxFieldSize(maxFieldSize);
    }
    int direction = from.getFetchDirection();
    if (direction != ResultSet.FETCH_FORWARD) {
      to.setFetchDirection(direction);
    }
    StatementSettings.copyPrepareThreshold(from, to);
    if (from.isCloseOnCompletion()) {
      to.closeOnCompletion(); // the replica statement tells when the application's must close (RoutedResultSet)
    }
    int networkTimeout = from.getConnection().getNetworkTimeout();
    if (networkTimeout != to.getConnection().getNetworkTimeout()) {
      // The pool puts the connection's own value back when the lease returns it.
      to.getConnection().setNetworkTimeout(Runnable::run, networkTimeout);
    }
  }

  /** Runs the replica statement, cancellable while it runs by the application closing its connection. */
  private static boolean execute(Statement replica, StatementState state, String sql, boolean query,
      ConnectionState session) throws SQLException {
    if (!session.running(replica)) {
      throw new ClosedBeforeStart();
    }
    try {
      return execute(replica, state, sql, query);
    } finally {
      session.finished(replica);
    }
  }

  private static boolean execute(Statement replica, StatementState state, String sql, boolean query)
      throws SQLException {
    if (replica instanceof PreparedStatement && state.preparedSql != null) {
      PreparedStatement prepared = (PreparedStatement) replica;
      if (query) {
        prepared.executeQuery();
        return true;
      }
      return prepared.execute();
    }
    if (query) {
      replica.executeQuery(sql);
      return true;
    }
    return replica.execute(sql);
  }

  /**
   * The application closed or aborted its connection between the routing decision and the replica
   * statement's start: nothing runs on the replica, and the primary path gives the driver's own answer.
   */
  private static final class ClosedBeforeStart extends SQLException {
    private static final long serialVersionUID = 1L;

    ClosedBeforeStart() {
      super("the connection was closed before the replica statement started", "08003");
    }
  }

  private static boolean applicationClosed(Statement application) {
    try {
      return application.getConnection().isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  private static void closeQuietly(Statement statement) {
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException ignored) {
        // closing a statement of a failed connection
      }
    }
  }
}
