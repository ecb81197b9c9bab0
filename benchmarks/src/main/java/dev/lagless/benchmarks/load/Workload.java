package dev.lagless.benchmarks.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The three workloads of the benchmarks issue. Every read also returns {@code inet_server_port()}, so
 * the harness itself sees where it ran (never the contender's own report).
 * <ul>
 *   <li>W1: primary-key {@code SELECT}s in auto-commit;
 *   <li>W2: sessions that write one of their own rows and read it back at once, 90 % reads / 10 %
 *       writes; a read that returns an older version than the session wrote is stale;
 *   <li>W3: read-only transactions of three {@code SELECT}s (what {@code @Transactional(readOnly = true)}
 *       does: {@code setReadOnly(true)}, {@code setAutoCommit(false)}, commit).
 * </ul>
 */
enum Workload {
  W1 {
    @Override
    void step(Target target, Session session, Tally tally) throws SQLException {
      try (Connection c = target.reader(); PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
        ps.setInt(1, 1 + ThreadLocalRandom.current().nextInt(ITEMS));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          tally.read(rs.getInt(1));
        }
      }
    }
  },
  W2 {
    @Override
    void step(Target target, Session session, Tally tally) throws SQLException {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      if (session.justWrote < 0 && random.nextInt(10) == 0) {
        int row = session.firstRow + random.nextInt(ROWS_PER_SESSION);
        long version = ++session.versions[row - session.firstRow];
        try (Connection c = target.writer(); PreparedStatement ps = c.prepareStatement(WRITE)) {
          ps.setLong(1, version);
          ps.setInt(2, row);
          ps.executeUpdate();
        }
        tally.write();
        session.justWrote = row;
        return;
      }
      int row = session.justWrote >= 0 ? session.justWrote : session.firstRow + random.nextInt(ROWS_PER_SESSION);
      session.justWrote = -1;
      try (Connection c = target.reader(); PreparedStatement ps = c.prepareStatement(READ_OWN)) {
        ps.setInt(1, row);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          tally.read(rs.getInt(2));
          if (rs.getLong(1) < session.versions[row - session.firstRow]) {
            tally.stale();
          }
        }
      }
    }
  },
  W3 {
    @Override
    void step(Target target, Session session, Tally tally) throws SQLException {
      try (Connection c = target.reader()) {
        c.setReadOnly(true);
        c.setAutoCommit(false);
        try {
          int port = 0;
          for (int i = 0; i < 3; i++) {
            try (PreparedStatement ps = c.prepareStatement(POINT_SELECT)) {
              ps.setInt(1, 1 + ThreadLocalRandom.current().nextInt(ITEMS));
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                port = rs.getInt(1);
              }
            }
          }
          c.commit();
          tally.read(port);
        } finally {
          c.setAutoCommit(true);
          c.setReadOnly(false);
        }
      }
    }
  };

  static final int ITEMS = 1000;
  static final int ROWS_PER_SESSION = 20;
  static final String POINT_SELECT = "SELECT inet_server_port(), name, qty FROM items WHERE id = ?";
  static final String WRITE = "UPDATE session_rows SET version = ? WHERE id = ?";
  static final String READ_OWN = "SELECT version, inet_server_port() FROM session_rows WHERE id = ?";
  /** The tables the workloads use; session_rows holds ROWS_PER_SESSION rows for each of up to 64 sessions. */
  static final String[] SCHEMA = {
      "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
      "INSERT INTO items SELECT i, 'item ' || i, i % 100 FROM generate_series(1, " + ITEMS + ") i",
      "CREATE TABLE session_rows (id int PRIMARY KEY, version bigint NOT NULL)",
      "INSERT INTO session_rows SELECT i, 0 FROM generate_series(1, " + 64 * ROWS_PER_SESSION + ") i"};

  /** One unit of work: one statement (W1, W2) or one transaction (W3). */
  abstract void step(Target target, Session session, Tally tally) throws SQLException;

  /**
   * What one thread knows of its own rows (W2): the versions it wrote last, starting from what the
   * primary holds (earlier runs wrote to the same rows), so that any older version read is stale.
   */
  static final class Session {
    final int firstRow;
    final long[] versions = new long[ROWS_PER_SESSION];
    int justWrote = -1;

    Session(int index, Target target) throws SQLException {
      this.firstRow = 1 + index * ROWS_PER_SESSION;
      try (Connection c = target.writer(); PreparedStatement ps = c.prepareStatement(
          "SELECT id, version FROM session_rows WHERE id BETWEEN ? AND ? FOR SHARE")) {
        ps.setInt(1, firstRow);
        ps.setInt(2, firstRow + ROWS_PER_SESSION - 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            versions[rs.getInt(1) - firstRow] = rs.getLong(2);
          }
        }
      }
    }
  }
}
