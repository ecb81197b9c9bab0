package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.spring.SpringRoutingApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The routing issue's start-up and memory targets, measured side by side: the Spring Boot
 * application ({@link SpringRoutingApp}: HikariCP, JdbcTemplate, JPA) started without the agent, with
 * it disabled, active without replicas and active with two, alternating, several rounds. Reports the median time from JVM start to the application being
 * ready, and the heap in use after a full collection following a short 4-thread load. Not a test: run
 * with {@code mvn -q -pl integration-tests -DskipTests test-compile exec:java@startup} (benchmarks/run
 * does), {@code -Dstartup.rounds}, {@code -Dstartup.loadSeconds}.
 */
public final class StartupRun {

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("startup.rounds", 5);
    int loadSeconds = Integer.getInteger("startup.loadSeconds", 5);
    Path csv = Path.of(System.getProperty("startup.csv", "target/startup.csv"));
    try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(false).start()) {
      String url = cluster.primary().jdbcUrl(cluster.database());
      cluster.setUpAsApp(
          "CREATE TABLE spring_items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL)",
          "INSERT INTO spring_items SELECT g, 'item' || g, g FROM generate_series(1, 10) g");
      String[] variants = {"without", "disabled", "no-replicas", "with"};
      java.util.Map<String, List<long[]>> results = new java.util.LinkedHashMap<>();
      StringBuilder rows = new StringBuilder("round,agent,uptime_ms,heap_kb\n");
      for (int round = 1; round <= rounds; round++) {
        for (String variant : variants) {
          long[] r = run(cluster, url, variant, loadSeconds);
          results.computeIfAbsent(variant, v -> new ArrayList<>()).add(r);
          rows.append(round).append(',').append(variant).append(',').append(r[0]).append(',').append(r[1]).append('\n');
        }
      }
      Files.createDirectories(csv.toAbsolutePath().getParent());
      Files.writeString(csv, rows.toString());
      System.out.print(rows);
      long base = median(results.get("without"), 0);
      long baseHeap = median(results.get("without"), 1);
      for (String variant : variants) {
        System.out.printf(Locale.ROOT, "%-12s median start to ready %d ms (%+d ms), heap after load and full GC %d KB (%+.1f MB)%n",
            variant, median(results.get(variant), 0), median(results.get(variant), 0) - base,
            median(results.get(variant), 1), (median(results.get(variant), 1) - baseHeap) / 1024.0);
      }
    }
  }

  /**
   * One start: {@code without} the agent; the agent {@code disabled} (LAGLESS_ENABLED=false: the cost
   * of attaching at all); active with {@code no-replicas} (instrumentation only); active {@code with}
   * both replicas.
   */
  private static long[] run(LocalCluster cluster, String url, String variant, int loadSeconds) {
    ForkedJvm jvm = ForkedJvm.on(Path.of(System.getProperty("java.home")))
        .classpath(System.getProperty("lagless.it.springClasspath"))
        .jvmOption("-Dload.seconds=" + loadSeconds)
        .jvmOption("-Xmx256m");
    if (!variant.equals("without")) {
      jvm.withAgent();
      if (Boolean.getBoolean("startup.debug")) {
        jvm.jvmOption("-Dlagless.internal.debugTiming=true");
      }
    }
    if (variant.equals("disabled")) {
      jvm.env("LAGLESS_ENABLED", "false");
    }
    if (variant.equals("with")) {
      jvm.env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port());
    }
    ForkedJvm.Result result = jvm.main(SpringRoutingApp.class, "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + cluster.appUser(), "--spring.datasource.password=" + cluster.appPassword(),
        "--spring.main.banner-mode=off", "--logging.level.root=warn", "--spring.jpa.open-in-view=false",
        "--spring.jpa.hibernate.ddl-auto=none").run();
    if (Boolean.getBoolean("startup.debug")) {
      System.out.println(variant + ": " + String.join(" | ", result.laglessLines()).replaceAll("\\[lagless\\] Lagless [^|]*\\|?", ""));
    }
    if (result.exitCode != 0 || !result.stdout.contains("heap used_kb=")) {
      throw new IllegalStateException("the application failed: " + result);
    }
    return new long[] {value(result.stdout, "started uptime_ms="), value(result.stdout, "heap used_kb=")};
  }

  private static long value(String stdout, String key) {
    String rest = stdout.substring(stdout.indexOf(key) + key.length());
    return Long.parseLong(rest.split("[ \n]")[0].trim());
  }

  private static long median(List<long[]> results, int column) {
    long[] values = results.stream().mapToLong(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }
}
