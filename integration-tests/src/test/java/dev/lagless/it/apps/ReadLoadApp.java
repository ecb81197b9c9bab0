package dev.lagless.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A read load that knows nothing of Lagless: threads run auto-commit primary-key selects, each on its
 * own connection, until a stop file appears. Every 100 ms it prints {@code tick ports=P:N,… active=A
 * errors=E} (which server ran how many reads in that window, how many threads finished at least one)
 * and at the end {@code total reads=R errors=E}.
 * Errors are printed as {@code error SQLSTATE message}.
 *
 * <p>Arguments: JDBC URL, user, password, stop file, threads.
 */
public final class ReadLoadApp {

  /** The table it reads, for the test to create: ids 1..10. */
  public static final String[] SCHEMA = {
    "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
    "INSERT INTO items SELECT g, 'item' || g, g FROM generate_series(1, 10) g"
  };

  public static void main(String[] args) throws Exception {
    Path stop = Path.of(args[3]);
    int threads = Integer.parseInt(args[4]);
    ReadsByPort window = new ReadsByPort();
    LongAdder reads = new LongAdder();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger windowErrors = new AtomicInteger();
    Thread[] workers = new Thread[threads];
    // Which threads finished a read in the current window: a thread stuck on a hung server shows.
    java.util.concurrent.atomic.AtomicIntegerArray active = new java.util.concurrent.atomic.AtomicIntegerArray(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers[t] = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
            PreparedStatement ps = c.prepareStatement("SELECT inet_server_port(), name FROM items WHERE id = ?")) {
          int i = 0;
          while (!Files.exists(stop)) {
            ps.setInt(1, 1 + (i++ % 10));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              window.count(rs.getInt(1));
              reads.increment();
              active.set(thread, 1);
            } catch (SQLException e) {
              errors.incrementAndGet();
              windowErrors.incrementAndGet();
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
    while (!Files.exists(stop)) {
      Thread.sleep(100); // the reporting period of the load, not a synchronisation
      StringBuilder line = new StringBuilder("tick ports=").append(window.drain());
      int busy = 0;
      for (int t = 0; t < threads; t++) {
        busy += active.getAndSet(t, 0);
      }
      System.out.println(line.append(" active=").append(busy).append(" errors=").append(windowErrors.getAndSet(0)));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    System.out.println("total reads=" + reads.sum() + " errors=" + errors.get());
  }
}
