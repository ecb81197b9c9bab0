package dev.lagless.jdbc;

import dev.lagless.config.TxReads;
import dev.lagless.routing.RouteReason;
import dev.lagless.sql.Classification;
import dev.lagless.sql.Hint;
import dev.lagless.sql.SessionEffect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * SPEC §2 rules 2–4 and 6 for one execution of a routed statement: what the statement does, the
 * driver's transaction state (the authority, whatever SQL started it), the session's state and the
 * hints. Rule 1 (a healthy replica within the lag limit) is the {@link ReplicaRunner}'s, at the moment
 * it picks one.
 */
final class RoutePlanner {

  private final RoutingRuntime runtime;

  RoutePlanner(RoutingRuntime runtime) {
    this.runtime = runtime;
  }

  RoutePlan plan(Connection connection, StatementState state, Classification c) {
    if (!runtime.hasReplicas()) {
      return RoutePlan.primary(RouteReason.NO_REPLICA);
    }
    if (c.hint() == Hint.PRIMARY || BaggageHints.primaryRequested(runtime.caller)) {
      return RoutePlan.primary(RouteReason.HINT);
    }
    if (state.resultSetConcurrency == ResultSet.CONCUR_UPDATABLE) {
      return RoutePlan.PRIMARY_WRITE; // an updatable result set writes through the connection that read it
    }
    ConnectionState session = state.connection;
    boolean autoCommit;
    boolean readOnly;
    try {
      autoCommit = connection.getAutoCommit();
      readOnly = connection.isReadOnly();
    } catch (SQLException e) {
      return RoutePlan.primary(RouteReason.TRANSACTION);
    }
    if (!autoCommit) {
      if (session.transaction() != null) {
        return sessionSetting(c) ? RoutePlan.SETTING_IN_TRANSACTION : RoutePlan.IN_TRANSACTION;
      }
      boolean idle = TransactionStates.idle(connection);
      if (readOnly && idle) {
        if (session.session.pinned() || session.session.touchesTemporaryTables(c)) {
          return RoutePlan.primary(RouteReason.SESSION_STATE);
        }
        if (state.resultSetHoldability == ResultSet.HOLD_CURSORS_OVER_COMMIT || !parametersRepeatable(state)
            || session.isolation == Connection.TRANSACTION_SERIALIZABLE) {
          // SERIALIZABLE: a standby refuses it ("cannot use serializable mode in a hot standby").
          return RoutePlan.primary(RouteReason.TRANSACTION);
        }
        return startsReadOnlyTransaction(c) ? RoutePlan.TRANSACTION_START : RoutePlan.primary(RouteReason.TRANSACTION);
      }
      if (!(idle && runtime.config.txReads() == TxReads.REPLICA_UNTIL_WRITE && readCommitted(session))) {
        return RoutePlan.primary(RouteReason.TRANSACTION);
      }
    } else if (!TransactionStates.idle(connection)) {
      return RoutePlan.primary(RouteReason.TRANSACTION); // BEGIN sent as SQL: the driver knows it is open
    }
    if (!c.isRead()) {
      return c.hint() == Hint.REPLICA && c.statementCount() == 1 ? RoutePlan.REPLICA_HINTED
          : RoutePlan.primary(reasonOf(c));
    }
    if (session.session.pinned() || session.session.touchesTemporaryTables(c)) {
      return RoutePlan.primary(RouteReason.SESSION_STATE);
    }
    if (!parametersRepeatable(state)) {
      return RoutePlan.primary(RouteReason.NOT_ROUTED);
    }
    if (!c.functions().isEmpty() && c.hint() != Hint.REPLICA && runtime.catalog().anyMayWrite(c.functions())) {
      return RoutePlan.PRIMARY_WRITE;
    }
    return c.hint() == Hint.REPLICA ? RoutePlan.REPLICA_HINTED : RoutePlan.REPLICA_READ;
  }

  private static boolean parametersRepeatable(StatementState state) {
    RecordedParameters parameters = state.parametersIfAny();
    return parameters == null || parameters.repeatable();
  }

  /** READ COMMITTED as set through JDBC, or not set (PostgreSQL's default). */
  private static boolean readCommitted(ConnectionState session) {
    int level = session.isolation;
    return level < 0 || level == Connection.TRANSACTION_READ_COMMITTED;
  }

  /** A read, or {@code SET LOCAL}s only (tenant settings for row-level security): the transaction may start on a replica. */
  private static boolean startsReadOnlyTransaction(Classification c) {
    if (c.isRead()) {
      return true;
    }
    if (c.effects().isEmpty()) {
      return false;
    }
    for (SessionEffect effect : c.effects()) {
      if (effect.kind() != SessionEffect.Kind.SET || !effect.local()) {
        return false;
      }
    }
    return true;
  }

  /** A session-level setting: it must reach the primary's session as well as the replica transaction. */
  private static boolean sessionSetting(Classification c) {
    for (SessionEffect effect : c.effects()) {
      if ((effect.kind() == SessionEffect.Kind.SET && !effect.local()) || effect.kind() == SessionEffect.Kind.RESET) {
        return true;
      }
    }
    return false;
  }

  static RouteReason reasonOf(Classification c) {
    switch (c.reason()) {
      case READ:
        return RouteReason.READ;
      case SESSION_STATE:
      case SESSION_FUNCTION:
      case SERVER_STATE:
      case TEMP_TABLE:
        return RouteReason.SESSION_STATE;
      case TRANSACTION_CONTROL:
        return RouteReason.TRANSACTION;
      default:
        return RouteReason.WRITE;
    }
  }
}
