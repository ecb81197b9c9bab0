package dev.lagless.benchmarks;

import dev.lagless.cluster.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routing issue's latency target, end to end on a real cluster: the same one-thread primary-key
 * select loop ({@link PointSelectLoop}) (a) under the agent, connected to the primary, its reads routed
 * to replica 1, and (b) without the agent, connected straight to replica 1. And the write path (the
 * read-your-own-writes issue's target): the same loop of one-row auto-commit updates on the primary,
 * with and without the agent (which takes a token after each). Rounds alternate a and b
 * so that drift of the machine hits both; the ratio of the median p50s is the result.
 *
 * <p>Arguments: agent jar, rounds, warm-up seconds, measured seconds, output CSV.
 */
public final class RoutingLatencyRun {

  public static void main(String[] args) throws Exception {
    Path agentJar = Path.of(args[0]).toAbsolutePath();
    int rounds = Integer.parseInt(args[1]);
    String warmup = args[2];
    String measure = args[3];
    Path csv = Path.of(args[4]);
    String classpath = appClasspath();
    try (LocalCluster cluster = itemsCluster()) {
      String primaryUrl = cluster.primary().jdbcUrl(cluster.database());
      String replicaUrl = cluster.replica(0).jdbcUrl(cluster.database());
      List<double[]> lagless = new ArrayList<>();
      List<double[]> direct = new ArrayList<>();
      List<double[]> laglessWrites = new ArrayList<>();
      List<double[]> directWrites = new ArrayList<>();
      StringBuilder rows = new StringBuilder("round,contender,ops,p50_us,p99_us,port\n");
      for (int round = 1; round <= rounds; round++) {
        Map<String, String> routed = laglessEnvironment(cluster);
        double[] a = run(List.of("-javaagent:" + agentJar), classpath, primaryUrl, cluster, warmup, measure, routed,
            "read");
        double[] b = run(List.of(), classpath, replicaUrl, cluster, warmup, measure, Map.of(), "read");
        double[] w = run(List.of("-javaagent:" + agentJar), classpath, primaryUrl, cluster, warmup, measure, routed,
            "write");
        double[] v = run(List.of(), classpath, primaryUrl, cluster, warmup, measure, Map.of(), "write");
        check(w, cluster.primary().port(), "lagless writes");
        check(v, cluster.primary().port(), "direct writes");
        laglessWrites.add(w);
        directWrites.add(v);
        rows.append(String.format(Locale.ROOT, "%d,lagless-write,%.0f,%.1f,%.1f,%.0f%n", round, w[0], w[1], w[2], w[3]));
        rows.append(String.format(Locale.ROOT, "%d,direct-write,%.0f,%.1f,%.1f,%.0f%n", round, v[0], v[1], v[2], v[3]));
        check(a, cluster.replica(0).port(), "lagless");
        check(b, cluster.replica(0).port(), "direct");
        lagless.add(a);
        direct.add(b);
        rows.append(String.format(Locale.ROOT, "%d,lagless,%.0f,%.1f,%.1f,%.0f%n", round, a[0], a[1], a[2], a[3]));
        rows.append(String.format(Locale.ROOT, "%d,direct,%.0f,%.1f,%.1f,%.0f%n", round, b[0], b[1], b[2], b[3]));
      }
      Files.createDirectories(csv.toAbsolutePath().getParent());
      Files.writeString(csv, rows.toString());
      double p50Lagless = median(lagless, 1);
      double p50Direct = median(direct, 1);
      System.out.print(rows);
      System.out.printf(Locale.ROOT, "median p50: lagless %.1f us, direct to the replica %.1f us, ratio %.3f%n",
          p50Lagless, p50Direct, p50Lagless / p50Direct);
      System.out.printf(Locale.ROOT, "median p99: lagless %.1f us, direct %.1f us; throughput ratio %.3f%n",
          median(lagless, 2), median(direct, 2), median(lagless, 0) / median(direct, 0));
      System.out.printf(Locale.ROOT, "writes, median p50: lagless %.1f us, without the agent %.1f us, ratio %.3f%n",
          median(laglessWrites, 1), median(directWrites, 1), median(laglessWrites, 1) / median(directWrites, 1));
    }
  }

  /** A primary and two replicas with the 1000 items {@link PointSelectLoop} reads and updates. */
  static LocalCluster itemsCluster() throws IOException {
    LocalCluster cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp(
        "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
        "INSERT INTO items SELECT g, 'item' || g, g FROM generate_series(1, 1000) g",
        "ANALYZE items");
    return cluster;
  }

  static void check(double[] result, int replicaPort, String who) {
    if ((int) result[3] != replicaPort) {
      throw new IllegalStateException(who + " reads ran on port " + (int) result[3] + ", not on the replica "
          + replicaPort);
    }
  }

  static double median(List<double[]> results, int column) {
    double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }

  /**
   * Lagless routing reads to replica 1, with telemetry made but exported nowhere (as a user who set no
   * OTEL_* exporter gets, minus the attempts to reach a collector that is not there).
   */
  static Map<String, String> laglessEnvironment(LocalCluster cluster) {
    Map<String, String> env = new HashMap<>();
    env.put("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port());
    env.put("OTEL_TRACES_EXPORTER", "none");
    env.put("OTEL_METRICS_EXPORTER", "none");
    env.put("OTEL_LOGS_EXPORTER", "none");
    return env;
  }

  static double[] run(List<String> agent, String classpath, String url, LocalCluster cluster, String warmup,
      String measure, Map<String, String> environment, String mode) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(agent);
    command.addAll(List.of("-cp", classpath, PointSelectLoop.class.getName(), url, cluster.appUser(),
        cluster.appPassword(), warmup, measure, mode));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("LAGLESS_") || name.startsWith("OTEL_"));
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    int exit = process.waitFor();
    String text = out.toString(StandardCharsets.UTF_8);
    if (exit != 0 || !text.contains("result ")) {
      throw new IllegalStateException("the loop failed (exit " + exit + "): " + text);
    }
    String line = text.substring(text.indexOf("result ")).trim();
    double[] values = new double[4];
    String[] keys = {"ops=", "p50_us=", "p99_us=", "port="};
    for (int k = 0; k < keys.length; k++) {
      String rest = line.substring(line.indexOf(keys[k]) + keys[k].length());
      values[k] = Double.parseDouble(rest.split(" ")[0]);
    }
    return values;
  }

  /** This module's classes and the application's driver, nothing of the agent's dependencies. */
  static String appClasspath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.endsWith("benchmarks/target/classes") || entry.contains("/org/postgresql/postgresql/")) {
        entries.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

}
