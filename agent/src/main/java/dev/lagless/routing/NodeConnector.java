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

  /** A connection to the replica at {@code node} for Lagless's own polls, named {@code lagless-monitor}. */
  Connection openMonitor(ReplicaNode node) throws SQLException;

  /** A connection to the primary, as the application reaches it, named {@code lagless-monitor}. */
  Connection openPrimary() throws SQLException;
}
