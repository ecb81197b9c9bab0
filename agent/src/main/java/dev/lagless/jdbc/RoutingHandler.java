package dev.lagless.jdbc;

import dev.lagless.bootstrap.JdbcHooks;
import dev.lagless.sql.Classification;
import dev.lagless.routing.RouteReason;
import dev.lagless.sql.Hint;
import dev.lagless.telemetry.StatementSpan;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's side of {@link JdbcHooks}: keeps per-connection and per-statement state for routed
 * connections, decides with {@link RoutePlanner} where each execution runs, and runs replica reads
 * through {@link ReplicaRunner}. Everything that goes wrong inside leaves the call to the driver, which
 * runs it on the primary as without the agent.
 */
final class RoutingHandler implements JdbcHooks.Handler {

  private static final String EXECUTE_QUERY_SQL = "executeQuery(Ljava/lang/String;)Ljava/sql/ResultSet;";
  private static final String EXECUTE_SQL = "execute(Ljava/lang/String;)Z";
  private static final String EXECUTE_QUERY = "executeQuery()Ljava/sql/ResultSet;";
  private static final String EXECUTE = "execute()Z";

  private final RoutingRuntime runtime;
  private final RoutePlanner planner;
  private final ReplicaRunner runner;
  private final WeakIdentityMap<Connection, ConnectionState> connections =
      new WeakIdentityMap<>(ConnectionState::closed);
  private final WeakIdentityMap<Statement, StatementState> statements =
      new WeakIdentityMap<>(StatementState::releaseExecution);
  private final Map<Map<String, String>, ConnectionProfile> profiles = new ConcurrentHashMap<>();
  private final ClassValue<Driver> drivers = new ClassValue<>() {
    @Override
    protected Driver computeValue(Class<?> connectionClass) {
      try {
        return (Driver) Class.forName(PgjdbcNames.DRIVER, true, connectionClass.getClassLoader())
            .getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }
  };

  RoutingHandler(RoutingRuntime runtime) {
    this.runtime = runtime;
    this.planner = new RoutePlanner(runtime);
    this.runner = new ReplicaRunner(runtime);
  }

  // --- connections

  @Override
  public void connectionOpened(Connection connection, String url, Properties info) {
    if (InternalConnections.opening()) {
      return;
    }
    Map<String, String> properties = ConnectionProfile.flatten(info);
    Driver driver = drivers.get(connection.getClass());
    if (driver == null) {
      return;
    }
    ConnectionProfile profile = profiles.computeIfAbsent(properties, p -> new ConnectionProfile(driver, url, p));
    if (!runtime.config.primary().matches(profile.firstHost(), profile.firstPort(), profile.database())) {
      return; // not the configured primary: left untouched
    }
    runtime.startWith(profile);
    connections.put(connection, new ConnectionState(profile));
  }

  @Override
  public void connectionClosing(Connection connection) {
    ConnectionState state = connections.remove(connection);
    if (state != null) {
      state.closed();
    }
  }

  @Override
  public void endingTransaction(Connection connection, boolean commit) {
    ConnectionState state = connections.get(connection);
    if (state != null) {
      state.endTransaction(commit);
      state.session.transactionEnded(commit);
    }
  }

  @Override
  public void settingAutoCommit(Connection connection, boolean autoCommit) {
    ConnectionState state = connections.get(connection);
    if (state == null || !autoCommit) {
      return;
    }
    try {
      if (!connection.getAutoCommit()) {
        // Turning auto-commit on commits the open transaction (JDBC).
        state.endTransaction(true);
        state.session.transactionEnded(true);
      }
    } catch (SQLException e) {
      // the driver reports its own failure to the application
    }
  }

  @Override
  public void isolationSet(Connection connection, int level) {
    ConnectionState state = connections.get(connection);
    if (state != null) {
      state.isolation = level;
    }
  }

  @Override
  public void dataTypeAdded(Connection connection) {
    ConnectionState state = connections.get(connection);
    if (state != null) {
      // The mapping lives in this connection's driver only: a replica connection would answer with the
      // driver's own class (PGobject) instead of the application's.
      state.session.customDataTypes();
    }
  }

  // --- statements

  @Override
  public void statementCreated(Connection connection, Statement statement, String sql, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) {
    ConnectionState state = connections.get(connection);
    if (state == null) {
      return;
    }
    statements.put(statement, new StatementState(state, sql, resultSetType, resultSetConcurrency,
        resultSetHoldability, statement instanceof CallableStatement));
  }

  @Override
  public void statementClosing(Statement statement) {
    StatementState state = statements.remove(statement);
    if (state != null) {
      state.releaseExecution();
    }
  }

  @Override
  public void cancelling(Statement statement) {
    StatementState state = statements.get(statement);
    ReplicaExecution execution = state == null ? null : state.execution();
    if (execution != null) {
      try {
        execution.cancel();
      } catch (SQLException | RuntimeException ignored) {
        // the replica statement is finishing anyway
      }
    }
  }

  @Override
  public void parameterSet(Statement statement, String method, Object[] arguments) {
    StatementState state = statements.get(statement);
    if (state != null && state.preparedSql != null && !state.callable && mayNeedParameters(state)) {
      state.parameters().record(method, arguments);
    }
  }

  @Override
  public void parametersCleared(Statement statement) {
    StatementState state = statements.get(statement);
    RecordedParameters parameters = state == null ? null : state.parametersIfAny();
    if (parameters != null) {
      parameters.clear();
    }
  }

  /** Parameters are kept only where a replica may run the statement or a setting must be replayed. */
  private boolean mayNeedParameters(StatementState state) {
    Classification c = state.preparedClassification(runtime.classifier);
    return c.isRead() || c.hint() == Hint.REPLICA || !c.effects().isEmpty();
  }

  // --- executions

  @Override
  public Object beforeExecute(Statement statement, String sql, String method) {
    StatementState state = statements.get(statement);
    if (state == null || state.onPrimary) {
      return null; // not routed, or a nested driver call of an execution already under way
    }
    state.releaseExecution();
    String text = sql != null ? sql : state.preparedSql;
    ConnectionProfile profile = state.connection.profile;
    if (text == null) {
      // A batch of plain statements (addBatch(String)): a write, as far as tokens go.
      if (!method.startsWith("executeBatch") && !method.startsWith("executeLargeBatch")) {
        return null;
      }
      Classification batch = runtime.classifier.classify("");
      StatementSpan span = runtime.telemetry().start(profile.database(), profile.firstHost(), profile.firstPort(),
          batch, null);
      span.planned(RouteReason.WRITE);
      return new PrimaryTicket(state, batch, "", null, true, span);
    }
    Classification classification = sql == null ? state.preparedClassification(runtime.classifier)
        : runtime.classifier.classify(text);
    boolean routable = !state.callable && (method.equals(EXECUTE_QUERY_SQL) || method.equals(EXECUTE_SQL)
        || method.equals(EXECUTE_QUERY) || method.equals(EXECUTE));
    Connection connection;
    try {
      connection = statement.getConnection();
      if (connection.isClosed()) {
        return null; // closed or aborted: the driver says so itself, as without the agent
      }
    } catch (SQLException e) {
      return null; // closed: the driver says so itself
    }
    StatementSpan span = runtime.telemetry().start(profile.database(), profile.firstHost(), profile.firstPort(),
        classification, text);
    RoutePlan plan = routable ? planner.plan(connection, state, classification) : RoutePlan.PRIMARY_WRITE;
    span.planned(plan.reason);
    // A read that calls a function the catalog says may write (a user-defined VOLATILE one) is a write for
    // read-your-own-writes too, whatever kept it on the primary (the catalog, or a transaction).
    boolean mayWrite = !classification.isRead() || !routable || plan.reason == RouteReason.WRITE
        || callsWritingFunction(classification);
    if (plan.onReplica()) {
      JdbcHooks.Replaced replaced = runner.run(statement, state, text, method.startsWith("executeQuery"),
          classification, plan, span);
      if (replaced != null) {
        span.end(replaced.error);
        return replaced;
      }
    } else if (plan.alsoOnReplicaTransaction()) {
      runner.alsoOnTransaction(state, text, classification);
    }
    if (classification.effects().isEmpty() && !mayWrite && span == StatementSpan.NONE) {
      return null;
    }
    return new PrimaryTicket(state, classification, text, state.preparedSql == null ? null : state.parametersIfAny(),
        mayWrite, span);
  }

  @Override
  public void executed(Statement statement, Object ticket, Throwable thrown) {
    if (!(ticket instanceof PrimaryTicket)) {
      return;
    }
    PrimaryTicket done = (PrimaryTicket) ticket;
    done.state.onPrimary = false;
    done.span.end(thrown);
    // The driver's state after the statement: whether a write committed (an auto-commit write, an
    // SQL COMMIT) or stays in a transaction, and whether session effects may still be rolled back.
    boolean stillInTransaction;
    try {
      stillInTransaction = inTransaction(statement.getConnection());
    } catch (SQLException e) {
      stillInTransaction = false;
    }
    if (done.mayWrite && SessionDefaults.changedBy(done.sql)) {
      if (stillInTransaction) {
        done.state.connection.changedSessionDefaults = true;
      } else {
        runtime.sessionDefaultsChanged();
      }
    }
    if (done.mayWrite) {
      // Even a failed statement may have written (a multi-statement string that failed half-way).
      if (stillInTransaction) {
        done.state.connection.wroteInTransaction = true;
      } else {
        done.state.connection.wroteInTransaction = false;
        runtime.committedWrite();
      }
    }
    if (thrown == null) {
      RecordedParameters parameters = done.parameters == null ? null : done.parameters.copy();
      done.state.connection.session.apply(done.classification, done.sql, parameters, stillInTransaction);
    }
  }

  @Override
  public void transactionFinished(Connection connection, boolean commit, Throwable thrown) {
    ConnectionState state = connections.get(connection);
    if (state != null && state.changedSessionDefaults && (!commit || TransactionStates.idle(connection))) {
      state.changedSessionDefaults = false;
      if (commit) {
        runtime.sessionDefaultsChanged();
      }
    }
    if (state == null || !state.wroteInTransaction) {
      return;
    }
    try {
      if (!connection.getAutoCommit() && commit && thrown == null && !TransactionStates.idle(connection)) {
        return; // setAutoCommit(true) that did not commit yet
      }
    } catch (SQLException e) {
      // take the token anyway: the safe side
    }
    state.wroteInTransaction = false;
    if (commit) {
      runtime.committedWrite(); // also after a failed commit: it may have committed before the error
    }
  }

  @Override
  public Object beforeResultAccess(Statement statement, String method, Object[] arguments) {
    StatementState state = statements.get(statement);
    ReplicaExecution execution = state == null ? null : state.execution();
    if (execution == null || execution.isReleased()) {
      return null;
    }
    try {
      Statement replica = execution.statement;
      switch (method) {
        case "getResultSet":
          return new JdbcHooks.Replaced(execution.resultSet(replica.getResultSet(), statement), null);
        case "getUpdateCount":
          return new JdbcHooks.Replaced(replica.getUpdateCount(), null);
        case "getLargeUpdateCount":
          return new JdbcHooks.Replaced(replica.getLargeUpdateCount(), null);
        case "getMoreResults":
          boolean more = arguments.length == 1 ? replica.getMoreResults((Integer) arguments[0])
              : replica.getMoreResults();
          return new JdbcHooks.Replaced(more, null);
        default:
          return null;
      }
    } catch (SQLException e) {
      return new JdbcHooks.Replaced(null, e);
    }
  }

  private boolean callsWritingFunction(Classification c) {
    if (c.functions().isEmpty()) {
      return false;
    }
    dev.lagless.routing.FunctionCatalog catalog = runtime.catalog();
    return catalog == null || catalog.anyMayWrite(c.functions());
  }

  private static boolean inTransaction(Connection connection) {
    try {
      return !connection.getAutoCommit() || !TransactionStates.idle(connection);
    } catch (SQLException e) {
      return true;
    }
  }

  /** What the primary path must remember until the statement has run: its session effects. */
  private static final class PrimaryTicket {
    final StatementState state;
    final Classification classification;
    final String sql;
    final RecordedParameters parameters;
    final boolean mayWrite;
    final StatementSpan span;

    PrimaryTicket(StatementState state, Classification classification, String sql, RecordedParameters parameters,
        boolean mayWrite, StatementSpan span) {
      state.onPrimary = true; // until executed(): nested driver calls of this execution pass
      this.mayWrite = mayWrite;
      this.span = span;
      this.state = state;
      this.classification = classification;
      this.sql = sql;
      this.parameters = parameters;
    }
  }
}
