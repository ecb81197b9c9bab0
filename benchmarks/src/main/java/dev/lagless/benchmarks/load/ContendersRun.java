package dev.lagless.benchmarks.load;

import dev.lagless.cluster.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The contenders side by side (benchmarks issue), on one local primary + 2 replicas, each in a JVM of
 * its own running {@link LoadWorker}: Lagless (the built agent jar attached to an application with one
 * pool on the primary's URL), the hand-written split (a writer pool and a reader pool over both
 * replicas, chosen by the code: no consistency), the primary alone, Pgpool-II in front of the three
 * servers, the AWS Advanced JDBC Wrapper and ShardingSphere-JDBC (their libraries from
 * {@code benchmarks/contenders/*}, which write their class paths when built).
 *
 * <p>Arguments: agent jar, thread counts (comma-separated), warm-up seconds, measured seconds, output CSV.
 * With {@code -Dcontenders.only=a,b}, only those contenders run; with {@code -Dcontenders.workloads=W1},
 * only those workloads. With {@code -Dcontenders.jfr=DIR}, each
 * worker JVM records a JFR profile into {@code DIR/<contender>-<workload>-<threads>.jfr} (to find where a
 * contender's time goes). A contender that cannot run here (Pgpool-II not installed, a library not
 * built) or whose worker fails gets a row saying so, and the run goes on.
 */
public final class ContendersRun {

  static final String COLUMNS = "contender,workload,threads,ops,throughput,p50_us,p99_us,p999_us,reads,"
      + "replica_reads,writes,stale,errors,cpu_us_per_op,note";
  private static final Path LIBRARIES = Path.of("benchmarks", "contenders");

  public static void main(String[] args) throws Exception {
    Path agentJar = Path.of(args[0]).toAbsolutePath();
    List<Integer> threadCounts = new ArrayList<>();
    for (String count : args[1].split(",")) {
      threadCounts.add(Integer.parseInt(count.trim()));
    }
    String warmup = args[2];
    String seconds = args[3];
    Path csv = Path.of(args[4]);
    Set<String> only = new HashSet<>();
    for (String name : System.getProperty("contenders.only", "").split(",")) {
      if (!name.isBlank()) {
        only.add(name.trim());
      }
    }
    List<Workload> workloads = new ArrayList<>();
    for (String name : System.getProperty("contenders.workloads", "W1,W2,W3").split(",")) {
      workloads.add(Workload.valueOf(name.trim()));
    }
    int maxThreads = threadCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
    StringBuilder rows = new StringBuilder(COLUMNS).append('\n');
    Properties meta = new Properties();
    meta.setProperty("date", java.time.LocalDate.now().toString());
    meta.setProperty("machine", Machine.describe());
    meta.setProperty("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    meta.setProperty("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    meta.setProperty("commit", commit());
    meta.setProperty("warmup", warmup);
    meta.setProperty("seconds", seconds);
    try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(false).start()) {
      cluster.setUpAsApp(Workload.SCHEMA);
      cluster.setUpAsApp("ANALYZE items", "ANALYZE session_rows");
      // Contenders' files (ShardingSphere's YAML holds the password) go with the cluster's directory.
      Path scratch = Files.createDirectory(cluster.root().resolve("contenders"));
      String replicaPorts = cluster.replica(0).port() + "," + cluster.replica(1).port();
      meta.setProperty("postgres", "PostgreSQL " + serverVersion(cluster));
      Map<String, String> unavailable = new LinkedHashMap<>();
      PgpoolServer pgpool = null;
      if (wanted(only, "pgpool")) {
        if (!PgpoolServer.installed()) {
          unavailable.put("pgpool", "not run: " + PgpoolServer.BINARY + " is not installed (Debian package pgpool2)");
        } else {
          // Pool sizes follow the thread count; at most maxThreads client connections at a time.
          try {
            pgpool = PgpoolServer.start(cluster, maxThreads);
          } catch (IOException e) {
            System.err.println("pgpool did not start: " + e.getMessage());
            unavailable.put("pgpool", "not run: Pgpool-II did not start (" + abbreviate(e.getMessage(), 120) + ")");
          }
        }
      }
      try {
        List<Contender> contenders = contenders(agentJar, cluster, pgpool, scratch, unavailable);
        contenders.removeIf(contender -> !wanted(only, contender.name));
        unavailable.keySet().removeIf(name -> !wanted(only, name));
        for (Contender contender : contenders) {
          meta.setProperty("setup." + contender.name, contender.setup);
        }
        unavailable.forEach((name, why) -> meta.setProperty("setup." + name, why));
        for (Workload workload : workloads) {
          for (int threads : threadCounts) {
            for (Contender contender : contenders) {
              Map<String, String> result = run(contender, cluster, workload, threads, warmup, seconds,
                  replicaPorts);
              rows.append(row(contender.name, workload, threads, result));
              System.out.printf(Locale.ROOT, "%-14s %s %2d threads: %8s ops/s  p50 %7s us  p99 %8s us  replicas"
                      + " %s/%s  stale %s  errors %s  cpu %s us/op %s%n", contender.name, workload, threads,
                  result.get("throughput"), result.get("p50_us"), result.get("p99_us"), result.get("replica_reads"),
                  result.get("reads"), result.get("stale"), result.get("errors"), result.get("cpu_us_per_op"),
                  result.getOrDefault("note", ""));
            }
            for (Map.Entry<String, String> missing : unavailable.entrySet()) {
              rows.append(row(missing.getKey(), workload, threads, Map.of("note", missing.getValue())));
            }
          }
        }
      } finally {
        if (pgpool != null) {
          pgpool.close();
        }
      }
    }
    Files.createDirectories(csv.toAbsolutePath().getParent());
    Files.writeString(csv, rows.toString());
    try (java.io.Writer writer = Files.newBufferedWriter(Path.of(csv + ".meta"))) {
      meta.store(writer, "ContendersRun: what ContendersReport prints above the tables");
    }
  }

  /** The measured code's commit (git rev-parse HEAD, "+ changes" if the tree is dirty), or "unknown". */
  private static String commit() {
    try {
      Process head = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String rev = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
          .redirectErrorStream(true).start();
      String changes = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (head.waitFor() != 0 || status.waitFor() != 0) {
        return "unknown";
      }
      return changes.isEmpty() ? rev : rev + " + uncommitted changes";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String serverVersion(LocalCluster cluster) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(cluster.primary().jdbcUrl(cluster.database()),
        cluster.appUser(), cluster.appPassword()); java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

  private static boolean wanted(Set<String> only, String name) {
    return only.isEmpty() || only.contains(name);
  }

  private static List<Contender> contenders(Path agentJar, LocalCluster cluster, PgpoolServer pgpool, Path scratch,
      Map<String, String> unavailable) throws IOException {
    String db = cluster.database();
    String primary = cluster.primary().jdbcUrl(db);
    String replicaHosts = "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port();
    List<Contender> contenders = new ArrayList<>();
    contenders.add(new Contender("lagless", "the built agent jar (-javaagent), one HikariCP pool on the primary's URL,"
        + " LAGLESS_REPLICAS naming both replicas, OTEL_SDK_DISABLED=true, defaults otherwise",
        List.of("-javaagent:" + agentJar), threads -> List.of("target=single", "url=" + primary), ""));
    contenders.add(new Contender("hand-split", "two HikariCP pools chosen by the code: writer on the primary, reader"
        + " on both replicas (pgjdbc multi-host URL, loadBalanceHosts=true); no consistency",
        List.of(), threads -> List.of("target=split", "writer=" + primary,
            "reader=jdbc:postgresql://" + replicaHosts + "/" + db + "?loadBalanceHosts=true"), ""));
    contenders.add(new Contender("primary-only", "one HikariCP pool on the primary; no replicas",
        List.of(), threads -> List.of("target=single", "url=" + primary), ""));
    if (pgpool != null) {
      contenders.add(new Contender("pgpool", "Pgpool-II " + PgpoolServer.version() + " (streaming_replication mode,"
          + " load_balance_mode=on, statement_level_load_balance=on, primary weight 0, defaults otherwise),"
          + " one HikariCP pool on its port",
          List.of(), threads -> List.of("target=single", "url=" + pgpool.jdbcUrl(db)), ""));
    }
    String awsClassPath = libraryClassPath("aws-wrapper", unavailable, "aws-wrapper", "aws-wrapper-sql");
    if (awsClassPath != null) {
      // Two configurations of its docs: the read/write splitting plugin, which routes on setReadOnly
      // (what most of its users run), and the SQL-routing one, which parses each statement.
      contenders.add(awsWrapper("aws-wrapper", "readWriteSplitting", cluster, replicaHosts, awsClassPath));
      contenders.add(awsWrapper("aws-wrapper-sql", "sqlParser,autoReadWriteSplitting", cluster, replicaHosts,
          awsClassPath));
    }
    String shardingClassPath = libraryClassPath("shardingsphere", unavailable, "shardingsphere");
    if (shardingClassPath != null) {
      Path logback = scratch.resolve("logback.xml");
      // ShardingSphere brings Logback, whose default is DEBUG on the console: its users configure it.
      Files.writeString(logback, "<configuration><appender name=\"err\" class=\"ch.qos.logback.core.ConsoleAppender\">"
          + "<target>System.err</target><encoder><pattern>%level %logger %msg%n</pattern></encoder></appender>"
          + "<root level=\"WARN\"><appender-ref ref=\"err\"/></root></configuration>");
      contenders.add(new Contender("shardingsphere", "ShardingSphere-JDBC " + SHARDINGSPHERE_VERSION
          + " (READWRITE_SPLITTING rule, writes on the primary, reads ROUND_ROBIN over both replicas, a HikariCP pool"
          + " per server, defaults otherwise), one HikariCP pool on its driver's URL",
          List.of("-Dlogback.configurationFile=" + logback), threads -> {
            try {
              return List.of("target=single", "url=jdbc:shardingsphere:absolutepath:"
                  + ShardingSphereConfig.write(scratch, cluster, threads));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, shardingClassPath));
    }
    return contenders;
  }

  static final String AWS_VERSION = "4.3.0";
  static final String SHARDINGSPHERE_VERSION = "5.5.0";

  private static Contender awsWrapper(String name, String plugins, LocalCluster cluster, String replicaHosts,
      String classPath) {
    String url = "jdbc:aws-wrapper:postgresql://127.0.0.1:" + cluster.primary().port() + "," + replicaHosts + "/"
        + cluster.database() + "?wrapperPlugins=" + plugins + "&wrapperDialect=pg&singleWriterConnectionString=true";
    return new Contender(name, "AWS Advanced JDBC Wrapper " + AWS_VERSION + " (plugins " + plugins
        + ", dialect pg, hosts primary then replicas, singleWriterConnectionString=true, internal connection pools"
        + " (HikariPooledConnectionProvider, as its docs advise when switching often)), one HikariCP pool on its URL",
        List.of(), threads -> List.of("target=single", "url=" + url, "awsInternalPools=" + threads), classPath);
  }

  /** The class path a library module wrote when built, or null (and why, in unavailable). */
  private static String libraryClassPath(String module, Map<String, String> unavailable, String... contenders)
      throws IOException {
    Path file = LIBRARIES.resolve(module).resolve("target").resolve("contender.classpath");
    if (!Files.isRegularFile(file)) {
      for (String contender : contenders) {
        unavailable.put(contender, "not run: " + file + " missing (build " + LIBRARIES.resolve(module) + ")");
      }
      return null;
    }
    return Files.readString(file).trim();
  }

  private static String row(String contender, Workload workload, int threads, Map<String, String> result) {
    StringBuilder row = new StringBuilder(contender).append(',').append(workload).append(',').append(threads);
    for (String column : COLUMNS.split(",")) {
      if (!column.equals("contender") && !column.equals("workload") && !column.equals("threads")) {
        row.append(',').append(result.getOrDefault(column, "").replace(',', ';').replace('\n', ' '));
      }
    }
    return row.append('\n').toString();
  }

  private static Map<String, String> run(Contender contender, LocalCluster cluster, Workload workload, int threads,
      String warmup, String seconds, String replicaPorts) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(contender.jvmOptions);
    String jfr = System.getProperty("contenders.jfr");
    if (jfr != null) {
      command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath()
          .resolve(contender.name + "-" + workload + "-" + threads + ".jfr"));
    }
    String harness = System.getProperty("java.class.path");
    command.addAll(List.of("-cp", contender.classPath.isEmpty() ? harness : contender.classPath
        + File.pathSeparator + harness, LoadWorker.class.getName()));
    command.addAll(contender.workerArguments.apply(threads));
    command.addAll(List.of("user=" + cluster.appUser(), "password=" + cluster.appPassword(), "workload=" + workload,
        "threads=" + threads, "warmup=" + warmup, "seconds=" + seconds, "replicaPorts=" + replicaPorts));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("LAGLESS_") || name.startsWith("OTEL_"));
    builder.environment().put("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:"
        + cluster.replica(1).port());
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
    String line = stdout.lines().filter(l -> l.startsWith("result ")).findFirst().orElse(null);
    String stderr = readQuietly(errors);
    errors.delete();
    Map<String, String> result = new LinkedHashMap<>();
    if (line == null) {
      String output = stdout + "\n" + stderr;
      String reason = output.lines().filter(l -> l.contains("Exception") || l.contains("Error")).findFirst()
          .orElse(output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output"));
      System.err.println(contender.name + " " + workload + " " + threads + " threads failed:\n" + stdout + stderr);
      result.put("note", "failed: " + reason.replace(cluster.appPassword(), "***"));
      return result;
    }
    for (String field : line.substring(7).split(" ")) {
      result.put(field.substring(0, field.indexOf('=')), field.substring(field.indexOf('=') + 1));
    }
    stdout.lines().filter(l -> l.startsWith("first_error ")).findFirst().ifPresent(error -> result.put("note",
        "first error: " + abbreviate(error.substring(12).replace(cluster.appPassword(), "***"), 160)));
    return result;
  }

  private static String abbreviate(String text, int length) {
    return text.length() <= length ? text : text.substring(0, length - 1) + "…";
  }

  private static String readQuietly(File file) {
    try {
      return Files.readString(file.toPath());
    } catch (IOException e) {
      return "";
    }
  }
}
