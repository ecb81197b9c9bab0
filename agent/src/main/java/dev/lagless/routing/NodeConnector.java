package dev.lagless.routing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens connections for the agent's own use (monitor, replica pools) with the application's driver
 * and credentials. Connections it opens are never routed.
 */
public interface NodeConnector {

  /** A connection to the replica at {@code node}. */
  Connection openReplica(ReplicaNode node) throws SQLException;

  /** A connection to the primary, as the application reaches it. */
  Connection openPrimary() throws SQLException;
}
