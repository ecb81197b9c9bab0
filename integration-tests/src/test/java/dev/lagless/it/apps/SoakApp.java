package dev.lagless.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's application, which knows nothing of Lagless: a HikariCP pool, threads that are users
 * (baggage {@code user.id}, so their tokens go through Redis when the agent has it), each doing one
 * write in ten (an acknowledged INSERT) and reads of its own rows otherwise: the row just written or an
 * earlier one, every read checked. Until the stop file appears.
 *
 * <p>Prints {@code stale …} and {@code error …} lines as they happen; every second
 * {@code stats ports=P:N,… threads=T heap=B groups={name:count,…}} (reads per server in that second;
 * live threads, heap used after a full GC, and the threads by name, for the test to compare before and
 * after the faults); at the end
 * {@code total writes=W reads=R stale=S errors=E}, and each session's acknowledged writes
 * ({@code session n}: its rows 1 to n) into the file given, for the test to look for on the primary.
 *
 * <p>Arguments: JDBC URL, user, password, threads, stop file, acknowledged-writes file.
 */
public final class SoakApp {

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[3]);
    Path stop = Path.of(args[4]);
    Path ackedFile = Path.of(args[5]);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(threads);
    config.setMinimumIdle(threads);
    ReadsByPort window = new ReadsByPort();
    AtomicLong reads = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    // A session's acknowledged writes are its rows 1..n (a row is written again until acknowledged), so a
    // count per session is the whole ledger: the heap the test watches is not filled by the test's own books.
    java.util.concurrent.atomic.AtomicIntegerArray acked = new java.util.concurrent.atomic.AtomicIntegerArray(threads);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        int session = t;
        workers[t] = new Thread(() -> {
          try (Scope user = Baggage.builder().put("user.id", "u" + session).build().makeCurrent()) {
            while (!Files.exists(stop)) {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              try (Connection c = pool.getConnection()) {
                int written = acked.get(session);
                if (written == 0 || random.nextInt(10) == 0) {
                  int seq = written + 1;
                  try (PreparedStatement write = c.prepareStatement("INSERT INTO soak (session, seq, v) VALUES (?, ?, ?)")) {
                    write.setInt(1, session);
                    write.setInt(2, seq);
                    write.setString(3, "v" + seq);
                    write.executeUpdate();
                  }
                  acked.set(session, seq);
                } else {
                  int wanted = random.nextBoolean() ? written : 1 + random.nextInt(written);
                  try (PreparedStatement read = c.prepareStatement(
                      "SELECT inet_server_port(), (SELECT v FROM soak WHERE session = ? AND seq = ?)")) {
                    read.setInt(1, session);
                    read.setInt(2, wanted);
                    try (ResultSet rs = read.executeQuery()) {
                      rs.next();
                      reads.incrementAndGet();
                      window.count(rs.getInt(1));
                      if (!("v" + wanted).equals(rs.getString(2))) {
                        stale.incrementAndGet();
                        System.out.println("stale session=" + session + " seq=" + wanted + " port=" + rs.getInt(1));
                      }
                    }
                  }
                }
              } catch (SQLException e) {
                errors.incrementAndGet();
                System.out.println("error " + e.getSQLState() + " " + String.valueOf(e.getMessage()).split("\n")[0]);
              }
            }
          }
        }, "soak-user-" + t);
        workers[t].start();
      }
      while (!Files.exists(stop)) {
        Thread.sleep(1_000); // the reporting period, not a synchronisation
        StringBuilder line = new StringBuilder("stats ports=").append(window.drain());
        System.gc(); // the heap that survives a full collection: what would leak
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        // Live threads by name, digits dropped ("lagless-replica-pool-127.0.0.1:5433" and the like stay apart).
        Map<String, Integer> groups = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
          groups.merge(thread.getName().replaceAll("\\d+$", "#"), 1, Integer::sum);
        }
        System.out.println(line.append(" threads=").append(ManagementFactory.getThreadMXBean().getThreadCount())
            .append(" heap=").append(heap).append(" groups=").append(groups.toString().replace(" ", "")));
      }
      for (Thread worker : workers) {
        worker.join();
      }
      StringBuilder out = new StringBuilder();
      long writes = 0;
      for (int session = 0; session < threads; session++) {
        out.append(session).append(' ').append(acked.get(session)).append('\n');
        writes += acked.get(session);
      }
      Files.writeString(ackedFile, out);
      System.out.println("total writes=" + writes + " reads=" + reads + " stale=" + stale + " errors=" + errors);
    }
  }

  private SoakApp() {}
}
