package dev.lagless.cli.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The demo's live view: each second, reads per second on each server, each replica's lag as Lagless
 * measures it, read-your-own-writes waits and fallbacks, and the staleness check. On a terminal the
 * view is redrawn in place; otherwise (a pipe, a log, a test) it is one line per second.
 */
final class LiveView {

  /** A server of the demo cluster, as shown. */
  static final class Node {
    final String label;
    final int port;
    final boolean replica;

    Node(String label, int port, boolean replica) {
      this.label = label;
      this.port = port;
      this.replica = replica;
    }
  }

  private final PrintStream out;
  private final boolean redraw;
  private final List<Node> nodes;
  private final long durationSeconds;
  private final String lagNote;

  LiveView(PrintStream out, boolean redraw, List<Node> nodes, long durationSeconds, String lagNote) {
    this.out = out;
    this.redraw = redraw;
    this.nodes = nodes;
    this.durationSeconds = durationSeconds;
    this.lagNote = lagNote;
  }

  void show(AppStats previous, AppStats now, LaglessMetrics metrics) {
    double seconds = Math.max(0.001, (now.elapsedMillis - previous.elapsedMillis) / 1000.0);
    long elapsed = Math.round(now.elapsedMillis / 1000.0);
    long waits = Math.round(waited(metrics));
    long fallbacks = Math.round(fallbacks(metrics));
    if (redraw) {
      StringBuilder frame = new StringBuilder("\033[H\033[2J");
      frame.append(String.format(Locale.ROOT, "Lagless demo   %d s / %d s%s%n%n", elapsed, durationSeconds, lagNote));
      frame.append(String.format(Locale.ROOT, "  %-20s %10s %10s   %s%n", "server", "reads/s", "writes/s",
          "lag (as Lagless measures it)"));
      for (Node node : nodes) {
        frame.append(String.format(Locale.ROOT, "  %-20s %10.0f %10s   %s%n", node.label + " :" + node.port,
            (now.readsOn(node.port) - previous.readsOn(node.port)) / seconds,
            node.replica ? "-" : String.format(Locale.ROOT, "%.0f", (now.writes - previous.writes) / seconds),
            node.replica ? lag(metrics, node) : "-"));
      }
      frame.append(System.lineSeparator());
      frame.append(String.format(Locale.ROOT, "  read-your-own-writes: %d reads waited for a replica, %d went to the primary%n",
          waits, fallbacks));
      frame.append(String.format(Locale.ROOT, "  dashboard reads checked %d, stale reads found %d, errors %d%n",
          now.checked, now.stale, now.errors));
      out.print(frame);
    } else {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%2d s]", elapsed));
      for (Node node : nodes) {
        line.append(String.format(Locale.ROOT, " | %s %.0f reads/s", node.label, (now.readsOn(node.port)
            - previous.readsOn(node.port)) / seconds));
        if (node.replica) {
          line.append(" lag ").append(lag(metrics, node));
        } else {
          line.append(String.format(Locale.ROOT, " %.0f writes/s", (now.writes - previous.writes) / seconds));
        }
      }
      line.append(String.format(Locale.ROOT, " | ryow waits %d, to primary %d | checked %d, stale %d, errors %d",
          waits, fallbacks, now.checked, now.stale, now.errors));
      out.println(line);
    }
    out.flush();
  }

  /** Reads that had a token and found no replica there yet at first: those that waited more than 0. */
  static double waited(LaglessMetrics metrics) {
    return metrics.sum("lagless_ryow_wait_seconds_count", null, null)
        - metrics.bucket("lagless_ryow_wait_seconds_bucket", 0.0001);
  }

  static double fallbacks(LaglessMetrics metrics) {
    return metrics.sum("lagless_routed_total", "lagless_reason", "ryow_fallback");
  }

  private static String lag(LaglessMetrics metrics, Node node) {
    double seconds = metrics.forPort("lagless_replica_lag_seconds", node.port);
    double bytes = metrics.forPort("lagless_replica_lag_bytes", node.port);
    if (Double.isNaN(seconds)) {
      return "(not measured yet)";
    }
    return String.format(Locale.ROOT, "%.3f s, %.0f bytes", seconds, Double.isNaN(bytes) ? 0 : bytes);
  }
}
