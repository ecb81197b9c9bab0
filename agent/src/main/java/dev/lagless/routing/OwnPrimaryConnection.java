package dev.lagless.routing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One connection of the agent's own to the primary (catalog look-ups, tokens), opened on first use
 * and again after a failure. Not thread-safe: its user serializes the calls.
 */
public final class OwnPrimaryConnection {

  private final NodeConnector connector;
  private Connection connection;

  public OwnPrimaryConnection(NodeConnector connector) {
    this.connector = connector;
  }

  /** The open connection, opening it if needed. */
  public Connection get() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connector.openPrimary();
    }
    return connection;
  }

  /** The connection failed: close it; the next {@link #get} opens a new one. */
  public void discard() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException | RuntimeException ignored) {
      // it is gone either way
    }
    connection = null;
  }
}
