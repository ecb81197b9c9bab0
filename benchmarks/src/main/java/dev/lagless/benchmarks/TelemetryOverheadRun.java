package dev.lagless.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.lagless.cluster.LocalCluster;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What telemetry costs (the observability issue): the one-thread primary-key select loop
 * ({@link PointSelectLoop}) routed to replica 1 by Lagless with spans and metrics exported over OTLP
 * (to a sink in this JVM that answers 200 and counts what it got), with {@code OTEL_SDK_DISABLED=true},
 * and without the agent, connected straight to replica 1. Rounds alternate the three so that drift of
 * the machine hits all of them; the ratios of the median p50s and throughputs are the result.
 *
 * <p>Arguments: agent jar, rounds, warm-up seconds, measured seconds, output CSV.
 */
public final class TelemetryOverheadRun {

  public static void main(String[] args) throws Exception {
    Path agentJar = Path.of(args[0]).toAbsolutePath();
    int rounds = Integer.parseInt(args[1]);
    String warmup = args[2];
    String measure = args[3];
    Path csv = Path.of(args[4]);
    String classpath = RoutingLatencyRun.appClasspath();
    AtomicLong exports = new AtomicLong();
    AtomicLong exportedBytes = new AtomicLong();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext("/", exchange -> {
      exportedBytes.addAndGet(exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream()));
      exports.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    sink.start();
    try (LocalCluster cluster = RoutingLatencyRun.itemsCluster()) {
      String primaryUrl = cluster.primary().jdbcUrl(cluster.database());
      String replicaUrl = cluster.replica(0).jdbcUrl(cluster.database());
      Map<String, String> exporting = new HashMap<>(RoutingLatencyRun.laglessEnvironment(cluster));
      exporting.put("OTEL_TRACES_EXPORTER", "otlp");
      exporting.put("OTEL_METRICS_EXPORTER", "otlp");
      exporting.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + sink.getAddress().getPort());
      exporting.put("OTEL_METRIC_EXPORT_INTERVAL", "1000");
      Map<String, String> disabled = new HashMap<>(RoutingLatencyRun.laglessEnvironment(cluster));
      disabled.put("OTEL_SDK_DISABLED", "true");
      List<double[]> spans = new ArrayList<>();
      List<double[]> off = new ArrayList<>();
      List<double[]> none = new ArrayList<>();
      StringBuilder rows = new StringBuilder("round,contender,ops,p50_us,p99_us,port\n");
      List<String> agent = List.of("-javaagent:" + agentJar);
      for (int round = 1; round <= rounds; round++) {
        long exportsBefore = exports.get();
        double[] a = RoutingLatencyRun.run(agent, classpath, primaryUrl, cluster, warmup, measure, exporting, "read");
        if (exports.get() == exportsBefore) {
          throw new IllegalStateException("the spans-on run exported nothing to the sink");
        }
        double[] b = RoutingLatencyRun.run(agent, classpath, primaryUrl, cluster, warmup, measure, disabled, "read");
        double[] c = RoutingLatencyRun.run(List.of(), classpath, replicaUrl, cluster, warmup, measure, Map.of(), "read");
        for (double[] result : new double[][] {a, b, c}) {
          RoutingLatencyRun.check(result, cluster.replica(0).port(), "telemetry overhead");
        }
        spans.add(a);
        off.add(b);
        none.add(c);
        rows.append(row(round, "spans-on", a)).append(row(round, "sdk-disabled", b)).append(row(round, "no-agent", c));
      }
      Files.createDirectories(csv.toAbsolutePath().getParent());
      Files.writeString(csv, rows.toString());
      System.out.print(rows);
      System.out.printf(Locale.ROOT, "median p50: spans on %.1f us, OTEL_SDK_DISABLED %.1f us, no agent %.1f us%n",
          RoutingLatencyRun.median(spans, 1), RoutingLatencyRun.median(off, 1), RoutingLatencyRun.median(none, 1));
      System.out.printf(Locale.ROOT, "p50 ratios: spans on / disabled %.3f, disabled / no agent %.3f, spans on / no agent %.3f%n",
          RoutingLatencyRun.median(spans, 1) / RoutingLatencyRun.median(off, 1),
          RoutingLatencyRun.median(off, 1) / RoutingLatencyRun.median(none, 1),
          RoutingLatencyRun.median(spans, 1) / RoutingLatencyRun.median(none, 1));
      System.out.printf(Locale.ROOT, "throughput ratios: spans on / disabled %.3f, disabled / no agent %.3f%n",
          RoutingLatencyRun.median(spans, 0) / RoutingLatencyRun.median(off, 0),
          RoutingLatencyRun.median(off, 0) / RoutingLatencyRun.median(none, 0));
      System.out.printf(Locale.ROOT, "exported: %d OTLP requests, %d bytes%n", exports.get(), exportedBytes.get());
    } finally {
      sink.stop(0);
    }
  }

  private static String row(int round, String contender, double[] r) {
    return String.format(Locale.ROOT, "%d,%s,%.0f,%.1f,%.1f,%.0f%n", round, contender, r[0], r[1], r[2], r[3]);
  }
}
