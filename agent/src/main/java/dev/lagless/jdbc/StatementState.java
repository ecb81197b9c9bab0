package dev.lagless.jdbc;

import dev.lagless.sql.Classification;
import dev.lagless.sql.SqlClassifier;

/**
 * What the agent knows of one application statement of a routed connection: its connection's state,
 * its SQL when prepared, how it was created, the parameters set on it, and its current replica
 * execution if its last execution ran on a replica. Never refers to the statement itself (it is the
 * value of a weak map keyed by that statement).
 */
final class StatementState {

  final ConnectionState connection;
  /** The SQL of a prepared statement; null for a plain {@code Statement}. */
  final String preparedSql;
  final int resultSetType;
  final int resultSetConcurrency;
  final int resultSetHoldability;
  final boolean callable;
  private RecordedParameters parameters;
  /**
   * The classification of {@link #preparedSql}, made once: each parameter setter asks for it, and texts
   * too long for the classifier's cache would otherwise be lexed again at every setter (a batch of
   * 65,535 parameters took minutes instead of milliseconds).
   */
  private volatile Classification preparedClassification;
  private volatile ReplicaExecution execution;
  /**
   * True while an execution that this agent let run on the primary is under way. pgjdbc's variants call
   * each other ({@code executeUpdate(sql, RETURN_GENERATED_KEYS)} calls {@code executeUpdate(sql, String[])},
   * a prepared {@code executeBatch()} calls the plain one): the outer call decides, the inner ones pass.
   * Only the application's thread that runs the statement touches it.
   */
  boolean onPrimary;

  StatementState(ConnectionState connection, String preparedSql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability, boolean callable) {
    this.connection = connection;
    this.preparedSql = preparedSql;
    this.resultSetType = resultSetType;
    this.resultSetConcurrency = resultSetConcurrency;
    this.resultSetHoldability = resultSetHoldability;
    this.callable = callable;
  }

  /** The classification of the prepared text (null for a plain {@code Statement}). */
  Classification preparedClassification(SqlClassifier classifier) {
    Classification c = preparedClassification;
    if (c == null && preparedSql != null) {
      c = classifier.classify(preparedSql);
      preparedClassification = c;
    }
    return c;
  }

  synchronized RecordedParameters parameters() {
    if (parameters == null) {
      parameters = new RecordedParameters();
    }
    return parameters;
  }

  synchronized RecordedParameters parametersIfAny() {
    return parameters;
  }

  ReplicaExecution execution() {
    return execution;
  }

  void executing(ReplicaExecution next) {
    execution = next;
  }

  /** The previous results are over (JDBC: a new execution or close ends them). */
  void releaseExecution() {
    ReplicaExecution previous = execution;
    if (previous != null) {
      execution = null;
      previous.release();
    }
  }
}
