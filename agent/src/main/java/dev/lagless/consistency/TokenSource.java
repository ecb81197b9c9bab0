package dev.lagless.consistency;

import dev.lagless.routing.NodeConnector;
import dev.lagless.routing.OwnPrimaryConnection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes tokens after commits: {@code pg_current_wal_insert_lsn()} on the primary, asked after the
 * commit has returned (DESIGN-NOTES §4a), on the agent's own connection. Concurrent writers share
 * one round trip: a writer takes the answer of any query that started after its commit returned.
 */
public final class TokenSource {

  public static final String QUERY = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint,"
      + " (SELECT system_identifier FROM pg_control_system()),"
      + " ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int";

  private final OwnPrimaryConnection primary;
  private final AtomicLong arrivals = new AtomicLong();
  private long startedAfterArrival = -1;
  private Token last;
  private final AtomicLong queries = new AtomicLong();

  public TokenSource(NodeConnector connector) {
    this.primary = new OwnPrimaryConnection(connector);
  }

  /** A token at or after every commit that returned before this call; null when the primary cannot be asked. */
  public Token afterCommit() {
    return tokenFor(arrive());
  }

  /** Numbers a commit that has returned: {@link #tokenFor} with this number covers it. */
  public long arrive() {
    return arrivals.incrementAndGet();
  }

  private Token query() throws SQLException {
    try (Statement statement = primary.get().createStatement(); ResultSet rs = statement.executeQuery(QUERY)) {
      rs.next();
      queries.incrementAndGet();
      return new Token(rs.getLong(2), rs.getInt(3), Token.normalizeInsertLsn(rs.getLong(1)));
    }
  }

  /** A token at or after the commit numbered {@code arrival}; null when the primary cannot be asked. */
  public Token tokenFor(long arrival) {
    synchronized (this) {
      if (startedAfterArrival >= arrival && last != null) {
        return last; // a query that began after our commit returned has answered already
      }
      startedAfterArrival = arrivals.get();
      try {
        last = dev.lagless.telemetry.OwnWork.call(this::query, SQLException.class);
        return last;
      } catch (SQLException | RuntimeException e) {
        primary.discard();
        startedAfterArrival = -1;
        return null;
      }
    }
  }

  /** Round trips made so far (how well concurrent writers share them). */
  public long queries() {
    return queries.get();
  }
}
