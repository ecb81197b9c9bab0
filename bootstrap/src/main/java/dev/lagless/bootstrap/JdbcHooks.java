package dev.lagless.bootstrap;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;

/**
 * The only door between the instrumented PostgreSQL driver and the agent. The advice woven into
 * pgjdbc's classes (which may live in any class loader) calls these static methods; they are on the
 * bootstrap class path, so every loader sees them. The handler is installed by the agent once it has
 * started; until then, and in pass-through mode, the no-op handler leaves every call untouched.
 *
 * <p>Only JDK types cross this door, so the bootstrap jar carries no third-party class.
 */
public final class JdbcHooks {

  private static volatile Handler handler = Handler.NOOP;

  private JdbcHooks() {}

  public static Handler handler() {
    return handler;
  }

  public static void install(Handler installed) {
    handler = installed == null ? Handler.NOOP : installed;
  }

  /**
   * What the agent does at each instrumented call. Every method is called from advice that
   * suppresses any {@link Throwable}, and the contract is that a failure inside the agent never
   * changes the application's result: the statement then simply runs on the primary.
   */
  public interface Handler {

    Handler NOOP = new Handler() {};

    /** A pgjdbc connection finished opening ({@code url} and merged {@code info} as the driver saw them). */
    default void connectionOpened(Connection connection, String url, Properties info) {}

    /** The connection is about to close. */
    default void connectionClosing(Connection connection) {}

    /** {@code commit()} (true) or {@code rollback()} (false) is about to run on the connection. */
    default void endingTransaction(Connection connection, boolean commit) {}

    /**
     * {@code commit()} (true) or {@code rollback()} (false) has run, or {@code setAutoCommit(true)}
     * (true: it commits an open transaction); {@code thrown} is null when it succeeded.
     */
    default void transactionFinished(Connection connection, boolean commit, Throwable thrown) {}

    /** {@code setAutoCommit(autoCommit)} is about to run. */
    default void settingAutoCommit(Connection connection, boolean autoCommit) {}

    /** {@code setTransactionIsolation(level)} succeeded. */
    default void isolationSet(Connection connection, int level) {}

    /** {@code PGConnection.addDataType(…)} succeeded: the connection maps a type to the application's class. */
    default void dataTypeAdded(Connection connection) {}

    /** A statement was created; {@code sql} is null for a plain {@code Statement}. */
    default void statementCreated(Connection connection, Statement statement, String sql, int resultSetType,
        int resultSetConcurrency, int resultSetHoldability) {}

    /**
     * An execute method ({@code method}: name and descriptor) is about to run; {@code sql} is its SQL
     * argument, null for a prepared statement's own. Returns null to let it run as is, a ticket to be
     * handed to {@link #executed}, or a {@link Replaced} whose outcome replaces the call (it ran
     * elsewhere).
     */
    default Object beforeExecute(Statement statement, String sql, String method) {
      return null;
    }

    /** The call that {@link #beforeExecute} let run has finished (thrown is null on success). */
    default void executed(Statement statement, Object ticket, Throwable thrown) {}

    /** A result accessor is about to run; a {@link Replaced} answers it instead. */
    default Object beforeResultAccess(Statement statement, String method, Object[] arguments) {
      return null;
    }

    /** A parameter setter succeeded ({@code method} names it by name and descriptor). */
    default void parameterSet(Statement statement, String method, Object[] arguments) {}

    /** {@code clearParameters()} was called. */
    default void parametersCleared(Statement statement) {}

    /** {@code cancel()} is about to run. */
    default void cancelling(Statement statement) {}

    /** {@code close()} is about to run. */
    default void statementClosing(Statement statement) {}
  }

  /** The outcome of a call that the agent ran elsewhere: a value to return, or an error to throw. */
  public static final class Replaced {
    public final Object value;
    public final Throwable error;

    public Replaced(Object value, Throwable error) {
      this.value = value;
      this.error = error;
    }
  }
}
