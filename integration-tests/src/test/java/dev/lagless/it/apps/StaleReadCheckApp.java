package dev.lagless.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stale-read checker: threads, each a session with its own connection, that write a row and read
 * it back at once, for a fixed time. A read that does not return the row just written is stale. Prints
 * {@code total reads=R stale=S replica=X primary=Y errors=E}. Knows nothing of Lagless; where a read
 * ran comes from {@code inet_server_port()}.
 *
 * <p>Arguments: JDBC URL, user, password, threads, seconds, the primary's port, and optionally reads
 * per write (default 1: each row read back once; 9 makes a 90 % read / 10 % write mix, the extra
 * reads going to the session's own earlier rows).
 */
public final class StaleReadCheckApp {

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[3]);
    long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
    int primaryPort = Integer.parseInt(args[5]);
    int readsPerWrite = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    AtomicLong reads = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    AtomicLong onReplica = new AtomicLong();
    AtomicLong onPrimary = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int session = t;
      workers[t] = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
            PreparedStatement write = c.prepareStatement("INSERT INTO checks (session, seq, v) VALUES (?, ?, ?)");
            PreparedStatement read = c.prepareStatement(
                "SELECT inet_server_port(), (SELECT v FROM checks WHERE session = ? AND seq = ?)")) {
          for (int seq = 1; System.nanoTime() < end; seq++) {
            try {
              write.setInt(1, session);
              write.setInt(2, seq);
              write.setString(3, "v" + seq);
              write.executeUpdate();
              for (int r = 0; r < readsPerWrite; r++) {
                // First the row just written, then earlier rows of this session.
                int wanted = r == 0 ? seq : 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(seq);
                read.setInt(1, session);
                read.setInt(2, wanted);
                try (ResultSet rs = read.executeQuery()) {
                  rs.next();
                  reads.incrementAndGet();
                  (rs.getInt(1) == primaryPort ? onPrimary : onReplica).incrementAndGet();
                  if (!("v" + wanted).equals(rs.getString(2))) {
                    stale.incrementAndGet();
                    System.out.println("stale session=" + session + " seq=" + wanted + " port=" + rs.getInt(1));
                  }
                }
              }
            } catch (SQLException e) {
              errors.incrementAndGet();
              System.out.println("error " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
            }
          }
        } catch (SQLException e) {
          errors.incrementAndGet();
          System.out.println("error " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
        }
      });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    System.out.println("total reads=" + reads + " stale=" + stale + " replica=" + onReplica + " primary=" + onPrimary
        + " errors=" + errors);
  }
}
