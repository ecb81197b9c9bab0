package dev.lagless.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, on a borrowed replica connection, until that replica has replayed a position, or a deadline
 * passes ({@code LAGLESS_RYOW_WAIT}). PostgreSQL 15 has no way to wait for a position on a standby
 * (PostgreSQL 19's {@code WAIT FOR LSN} will), so it polls {@code pg_last_wal_replay_lsn()}, every
 * half millisecond: a round trip costs about 0.1 ms here, and a commit is visible on a replica
 * after about 2.5 ms at the median (DESIGN-NOTES §4a).
 */
final class ReplayWait {

  static final String QUERY = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";
  private static final long PAUSE_NANOS = 500_000;

  private ReplayWait() {}

  /** True once the lease's replica has replayed {@code position}; false at the deadline. */
  static boolean until(ReplicaLease lease, long position, long deadlineNanos) throws SQLException {
    try (PreparedStatement statement = lease.connection.prepareStatement(QUERY)) {
      while (true) {
        try (ResultSet rs = statement.executeQuery()) {
          rs.next();
          long replayed = rs.getLong(1);
          if (replayed >= position) {
            lease.node.observedReplay(replayed);
            return true;
          }
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
          return false;
        }
        LockSupport.parkNanos(PAUSE_NANOS);
      }
    }
  }
}
