package dev.lagless.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A read/write load that survives failovers the way an ordinary service does, and knows nothing of
 * Lagless: each thread is a session that inserts a row, then reads it back, on one connection it opens
 * again when the old one breaks. A write counts as acknowledged when its auto-commit INSERT returned;
 * its RETURNING clause says on which timeline. Each read also says where it ran: port, in recovery or
 * not, and the timeline that server's WAL receiver streams (the application role may read
 * pg_stat_wal_receiver).
 *
 * <p>Prints: {@code miss session=S seq=Q port=P} for a read that did not see the session's acknowledged
 * row (the test decides whether that row survived the failover: then it was a stale read);
 * {@code old-timeline port=P tl=T wrote=W} for a read served by a replica streaming a timeline older
 * than the session's last write (a replica whose WAL receiver is not running at that instant, e.g.
 * restarting to follow a new primary, says no timeline: counted as {@code no-receiver}); {@code error read|write|connect SQLSTATE message}; every 200 ms
 * {@code tick ports=P:N,… writes=W errors=E}; at the end {@code total …}. The acknowledged writes go to
 * the file given, one {@code session seq epoch-millis} per line, when the stop file appears.
 *
 * <p>Arguments: JDBC URL, user, password, threads, stop file, acknowledged-writes file.
 */
public final class FailoverLoadApp {

  private static final String WRITE = "INSERT INTO checks (session, seq, v) VALUES (?, ?, ?)"
      + " RETURNING ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int";
  /**
   * Each read asks the node that runs it about itself (in recovery: {@code transaction_read_only} is always
   * on in a hot standby's transactions; its WAL receiver's timeline) to tell which node and timeline
   * answered. Such questions run on the primary (SPEC §2 rule 6), so the read carries the documented
   * hint that lets a replica answer them (rule 7): the one thing this program knows of Lagless.
   */
  private static final String READ = "/* lagless:replica */ SELECT inet_server_port(), current_setting('transaction_read_only') = 'on',"
      + " (SELECT received_tli FROM pg_stat_wal_receiver), (SELECT v FROM checks WHERE session = ? AND seq = ?)";

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    int threads = Integer.parseInt(args[3]);
    Path stop = Path.of(args[4]);
    Path ackedFile = Path.of(args[5]);
    ReadsByPort window = new ReadsByPort();
    AtomicInteger windowWrites = new AtomicInteger();
    AtomicInteger windowErrors = new AtomicInteger();
    AtomicLong reads = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong noReceiver = new AtomicLong();
    List<List<long[]>> acked = new ArrayList<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int session = t;
      List<long[]> mine = new ArrayList<>();
      acked.add(mine);
      workers[t] = new Thread(() -> {
        Connection c = null;
        int lastTimeline = 0;
        for (int seq = 1; !Files.exists(stop); seq++) {
          try {
            if (c == null) {
              c = DriverManager.getConnection(url, user, password);
            }
          } catch (SQLException e) {
            report("connect", e, errors, windowErrors);
            pause(100); // the service's own reconnect back-off, not a synchronisation
            continue;
          }
          try (PreparedStatement write = c.prepareStatement(WRITE)) {
            write.setInt(1, session);
            write.setInt(2, seq);
            write.setString(3, "v" + seq);
            try (ResultSet rs = write.executeQuery()) {
              rs.next();
              lastTimeline = rs.getInt(1);
            }
            mine.add(new long[] {seq, System.currentTimeMillis()});
            windowWrites.incrementAndGet();
          } catch (SQLException e) {
            report("write", e, errors, windowErrors);
            c = closeIfBroken(c);
            continue;
          }
          try (PreparedStatement read = c.prepareStatement(READ)) {
            read.setInt(1, session);
            read.setInt(2, seq);
            try (ResultSet rs = read.executeQuery()) {
              rs.next();
              int port = rs.getInt(1);
              boolean recovery = rs.getBoolean(2);
              int timeline = rs.getInt(3);
              boolean receiving = !rs.wasNull();
              reads.incrementAndGet();
              window.count(recovery ? port : -port);
              if (recovery && receiving && timeline < lastTimeline) {
                System.out.println("old-timeline port=" + port + " tl=" + timeline + " wrote=" + lastTimeline);
              } else if (recovery && !receiving) {
                noReceiver.incrementAndGet(); // its WAL receiver restarting (e.g. to follow a new primary)
              }
              if (!("v" + seq).equals(rs.getString(4))) {
                misses.incrementAndGet();
                System.out.println("miss session=" + session + " seq=" + seq + " port=" + port);
              }
            }
          } catch (SQLException e) {
            report("read", e, errors, windowErrors);
            c = closeIfBroken(c);
          }
        }
        closeIfBroken(c);
      });
      workers[t].start();
    }
    // Also ends when every session has ended (they saw the stop file, which may be gone by now).
    while (!Files.exists(stop) && java.util.Arrays.stream(workers).anyMatch(Thread::isAlive)) {
      pause(200); // the reporting period of the load, not a synchronisation
      StringBuilder line = new StringBuilder("tick ports=").append(window.drain());
      System.out.println(line.append(" writes=").append(windowWrites.getAndSet(0))
          .append(" errors=").append(windowErrors.getAndSet(0)));
    }
    long writes = 0;
    for (Thread worker : workers) {
      worker.join();
    }
    StringBuilder out = new StringBuilder();
    for (int session = 0; session < threads; session++) {
      for (long[] write : acked.get(session)) {
        out.append(session).append(' ').append(write[0]).append(' ').append(write[1]).append('\n');
        writes++;
      }
    }
    Files.writeString(ackedFile, out);
    System.out.println("total writes=" + writes + " reads=" + reads + " misses=" + misses + " errors=" + errors
        + " no-receiver=" + noReceiver);
  }

  /** Ports of reads served by a server in recovery are positive, by a primary negative. */
  private static void report(String what, SQLException e, AtomicLong errors, AtomicInteger windowErrors) {
    errors.incrementAndGet();
    windowErrors.incrementAndGet();
    String message = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
    System.out.println("error " + what + " " + e.getSQLState() + " " + message);
  }

  /** A connection the server or the proxy dropped is opened again; any other error keeps it. */
  private static Connection closeIfBroken(Connection c) {
    try {
      if (c != null && !c.isValid(2)) {
        c.close();
        return null;
      }
      return c;
    } catch (SQLException e) {
      return null;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private FailoverLoadApp() {}

}
