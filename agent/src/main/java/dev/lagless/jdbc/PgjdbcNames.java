package dev.lagless.jdbc;

/**
 * The application's pgjdbc class names. Built at run time on purpose: the agent jar relocates its own
 * copy of pgjdbc, and the shade plugin rewrites every string constant that looks like an
 * {@code org.postgresql} class name, which would point these at our relocated copy instead of the
 * application's driver.
 */
final class PgjdbcNames {

  private static final String PACKAGE = String.join(".", "org", "postgresql");

  static final String DRIVER = PACKAGE + ".Driver";
  static final String TRANSACTION_STATE = PACKAGE + ".core.TransactionState";
  static final String CONNECTION = PACKAGE + ".jdbc.PgConnection";
  static final String STATEMENT = PACKAGE + ".jdbc.PgStatement";
  static final String PREPARED_STATEMENT = PACKAGE + ".jdbc.PgPreparedStatement";

  /** The classes to instrument, in the internal form a class file transformer is given. */
  static final java.util.Set<String> INSTRUMENTED_INTERNAL_NAMES = java.util.Set.of(
      CONNECTION.replace('.', '/'), STATEMENT.replace('.', '/'), PREPARED_STATEMENT.replace('.', '/'));

  private PgjdbcNames() {}
}
