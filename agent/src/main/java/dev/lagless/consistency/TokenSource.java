package dev.lagless.consistency;

import dev.lagless.routing.NodeConnector;
import java.sql.Connection;
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

  static final String QUERY = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint,"
      + " (SELECT system_identifier FROM pg_control_system()),"
      + " ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int";

  private final NodeConnector connector;
  private final AtomicLong arrivals = new AtomicLong();
  private long startedAfterArrival = -1;
  private Token last;
  private Connection connection;
  private Statement statement;
  private final AtomicLong queries = new AtomicLong();

  public TokenSource(NodeConnector connector) {
    this.connector = connector;
  }

  /** A token at or after every commit that returned before this call; null when the primary cannot be asked. */
  public Token afterCommit() {
    return tokenFor(arrive());
  }

  /** Numbers a commit that has returned: {@link #tokenFor} with this number covers it. */
  public long arrive() {
    return arrivals.incrementAndGet();
  }

  /** A token at or after the commit numbered {@code arrival}; null when the primary cannot be asked. */
  public Token tokenFor(long arrival) {
    synchronized (this) {
      if (startedAfterArrival >= arrival && last != null) {
        return last; // a query that began after our commit returned has answered already
      }
      startedAfterArrival = arrivals.get();
      try {
        if (connection == null || connection.isClosed()) {
          connection = connector.openPrimary();
          statement = connection.createStatement();
        }
        try (ResultSet rs = statement.executeQuery(QUERY)) {
          rs.next();
          queries.incrementAndGet();
          last = new Token(rs.getLong(2), rs.getInt(3), Token.normalizeInsertLsn(rs.getLong(1)));
          return last;
        }
      } catch (SQLException | RuntimeException e) {
        closeQuietly();
        startedAfterArrival = -1;
        return null;
      }
    }
  }

  /** Round trips made so far (how well concurrent writers share them). */
  public long queries() {
    return queries.get();
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException | RuntimeException ignored) {
      // reopened next time
    }
    connection = null;
    statement = null;
  }
}
