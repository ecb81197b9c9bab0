package dev.lagless.benchmarks.load;

import dev.lagless.cluster.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The contenders side by side (benchmarks issue), on one local primary + 2 replicas, each in a JVM of
 * its own running {@link LoadWorker}: Lagless (the built agent jar attached to an application with one
 * pool on the primary's URL), the hand-written split (a writer pool and a reader pool over both
 * replicas, chosen by the code: no consistency), and the primary alone. Pgpool-II, the AWS Advanced
 * JDBC Wrapper and ShardingSphere-JDBC are the next contenders to add here.
 *
 * <p>Arguments: agent jar, thread counts (comma-separated), warm-up seconds, measured seconds, output CSV.
 * With {@code -Dcontenders.jfr=DIR}, each worker JVM records a JFR profile into
 * {@code DIR/<contender>-<workload>-<threads>.jfr} (to find where a contender's time goes).
 */
public final class ContendersRun {

  private static final String COLUMNS = "contender,workload,threads,ops,throughput,p50_us,p99_us,p999_us,reads,"
      + "replica_reads,writes,stale,errors,cpu_us_per_op";

  public static void main(String[] args) throws Exception {
    Path agentJar = Path.of(args[0]).toAbsolutePath();
    List<Integer> threadCounts = new ArrayList<>();
    for (String count : args[1].split(",")) {
      threadCounts.add(Integer.parseInt(count.trim()));
    }
    String warmup = args[2];
    String seconds = args[3];
    Path csv = Path.of(args[4]);
    StringBuilder rows = new StringBuilder(COLUMNS).append('\n');
    try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(false).start()) {
      cluster.setUpAsApp(Workload.SCHEMA);
      cluster.setUpAsApp("ANALYZE items", "ANALYZE session_rows");
      String db = cluster.database();
      String primary = cluster.primary().jdbcUrl(db);
      String replicaHosts = "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
      String readers = "jdbc:postgresql://" + replicaHosts + "/" + db + "?loadBalanceHosts=true";
      Map<String, List<String>> contenders = new LinkedHashMap<>();
      contenders.put("lagless", List.of("-javaagent:" + agentJar, "target=single", "url=" + primary));
      contenders.put("hand-split", List.of("target=split", "writer=" + primary, "reader=" + readers));
      contenders.put("primary-only", List.of("target=single", "url=" + primary));
      String replicaPorts = cluster.replica(0).port() + "," + cluster.replica(1).port();
      for (Workload workload : Workload.values()) {
        for (int threads : threadCounts) {
          for (Map.Entry<String, List<String>> contender : contenders.entrySet()) {
            List<String> options = new ArrayList<>(contender.getValue());
            String jfr = System.getProperty("contenders.jfr");
            if (jfr != null) {
              options.add(0, "-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath()
                  .resolve(contender.getKey() + "-" + workload + "-" + threads + ".jfr"));
            }
            Map<String, String> result = run(options, cluster, replicaHosts, workload, threads, warmup, seconds,
                replicaPorts);
            rows.append(contender.getKey()).append(',').append(workload).append(',').append(threads);
            for (String column : COLUMNS.split(",")) {
              if (!column.equals("contender") && !column.equals("workload") && !column.equals("threads")) {
                rows.append(',').append(result.get(column));
              }
            }
            rows.append('\n');
            System.out.printf(Locale.ROOT, "%-13s %s %2d threads: %8s ops/s  p50 %7s us  p99 %8s us  replicas %s/%s"
                    + "  stale %s  errors %s  cpu %s us/op%n", contender.getKey(), workload, threads,
                result.get("throughput"), result.get("p50_us"), result.get("p99_us"), result.get("replica_reads"),
                result.get("reads"), result.get("stale"), result.get("errors"), result.get("cpu_us_per_op"));
          }
        }
      }
    }
    Files.createDirectories(csv.toAbsolutePath().getParent());
    Files.writeString(csv, rows.toString());
  }

  private static Map<String, String> run(List<String> contender, LocalCluster cluster, String replicaHosts,
      Workload workload, int threads, String warmup, String seconds, String replicaPorts)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> arguments = new ArrayList<>();
    for (String part : contender) {
      if (part.startsWith("-")) {
        command.add(part);
      } else {
        arguments.add(part);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadWorker.class.getName()));
    command.addAll(arguments);
    command.addAll(List.of("user=" + cluster.appUser(), "password=" + cluster.appPassword(), "workload=" + workload,
        "threads=" + threads, "warmup=" + warmup, "seconds=" + seconds, "replicaPorts=" + replicaPorts));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("LAGLESS_") || name.startsWith("OTEL_"));
    builder.environment().put("LAGLESS_REPLICAS", replicaHosts);
    builder.environment().put("OTEL_SDK_DISABLED", "true");
    File errors = File.createTempFile("lagless-load-", ".err");
    builder.redirectError(errors);
    Process process = builder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    long timeout = (long) (Double.parseDouble(warmup) + Double.parseDouble(seconds)) + 60;
    if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String stdout = out.toString(StandardCharsets.UTF_8);
    String line = stdout.lines().filter(l -> l.startsWith("result ")).findFirst().orElseThrow(() ->
        new IllegalStateException("no result from " + command.get(command.size() - 7) + ": " + stdout
            + readQuietly(errors)));
    errors.delete();
    Map<String, String> result = new LinkedHashMap<>();
    for (String field : line.substring(7).split(" ")) {
      result.put(field.substring(0, field.indexOf('=')), field.substring(field.indexOf('=') + 1));
    }
    return result;
  }

  private static String readQuietly(File file) {
    try {
      return Files.readString(file.toPath());
    } catch (IOException e) {
      return "";
    }
  }
}
