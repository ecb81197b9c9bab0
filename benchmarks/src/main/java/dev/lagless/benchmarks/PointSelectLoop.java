package dev.lagless.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;

/**
 * The application of the routing latency run: one thread, one connection, a closed loop of
 * primary-key selects ({@code SELECT … FROM items WHERE id = ?}), warm-up first. Prints
 * {@code result ops=N p50_us=… p99_us=… port=P} (P: the server that answered the last read).
 *
 * <p>Arguments: JDBC URL, user, password, warm-up seconds, measured seconds, and optionally
 * {@code write}: then each iteration is an auto-commit {@code UPDATE … RETURNING inet_server_port()}
 * of one row instead (the write path: under the agent it includes taking the read-your-own-writes
 * token).
 */
public final class PointSelectLoop {

  public static void main(String[] args) throws Exception {
    long warmupNanos = (long) (Double.parseDouble(args[3]) * 1e9);
    long measureNanos = (long) (Double.parseDouble(args[4]) * 1e9);
    long[] latencies = new long[1 << 20];
    int count = 0;
    int port = 0;
    boolean write = args.length > 5 && args[5].equals("write");
    String sql = write ? "UPDATE items SET qty = qty + 1 WHERE id = ? RETURNING inet_server_port(), name, qty"
        : "SELECT inet_server_port(), name, qty FROM items WHERE id = ?";
    try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
        PreparedStatement ps = c.prepareStatement(sql)) {
      long start = System.nanoTime();
      long measureFrom = start + warmupNanos;
      long end = measureFrom + measureNanos;
      int i = 0;
      long now = start;
      while (now < end) {
        ps.setInt(1, 1 + (i++ % 1000));
        long before = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          port = rs.getInt(1);
        }
        now = System.nanoTime();
        if (before >= measureFrom && count < latencies.length) {
          latencies[count++] = now - before;
        }
      }
    }
    long[] measured = Arrays.copyOf(latencies, count);
    Arrays.sort(measured);
    System.out.printf("result ops=%d p50_us=%.1f p99_us=%.1f port=%d%n", count, measured[count / 2] / 1e3,
        measured[(int) (count * 0.99)] / 1e3, port);
  }
}
