package dev.lagless.jdbc;

/**
 * Marks the connections the agent opens for itself (monitor, replica pools, catalog lookups): they
 * are made with the application's driver, so the driver's hooks see them open, and must leave them
 * unrouted.
 */
final class InternalConnections {

  private static final ThreadLocal<Boolean> OPENING = new ThreadLocal<>();

  private InternalConnections() {}

  interface Opener<T> {
    T open() throws java.sql.SQLException;
  }

  static <T> T open(Opener<T> opener) throws java.sql.SQLException {
    OPENING.set(Boolean.TRUE);
    try {
      return opener.open();
    } finally {
      OPENING.remove();
    }
  }

  static boolean opening() {
    return OPENING.get() != null;
  }
}
