package dev.lagless.jdbc;

import java.io.IOException;
import java.sql.SQLException;

/** Which errors are a replica's fault (try elsewhere) rather than the statement's (show the application). */
final class Failures {

  private Failures() {}

  static boolean replicaAtFault(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return e.getCause() instanceof IOException;
    }
    if (state.startsWith("08") || state.equals("53300") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03") || state.equals("57P04") || state.equals("57P05")) {
      return true; // connection failures, too many connections, shutdown, cannot connect now, database dropped
    }
    // A read on a standby gets 40001 or 40P01 only from a recovery conflict ("canceling statement due
    // to conflict with recovery"); the message text is not checked because it follows lc_messages.
    return state.equals("40001") || state.equals("40P01");
  }

  /** The connection's network timeout ({@code Connection.setNetworkTimeout}) fired: the driver gave up reading. */
  static boolean networkTimeout(SQLException e) {
    return e.getCause() instanceof java.net.SocketTimeoutException;
  }

  /** SQLSTATE 25006: the replica refused a write ("cannot execute … in a read-only transaction"). */
  static boolean readOnlyViolation(SQLException e) {
    return "25006".equals(e.getSQLState());
  }
}
