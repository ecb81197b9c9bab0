package dev.lagless.cli.demo;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import dev.lagless.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar lagless-agent.jar demo [--duration 30s] [--lag 200ms]} (SPEC §5): a local primary,
 * two replicas and Redis; the sample application under the agent in a child JVM; a live view for a
 * bounded time; a summary; and every process and directory it made gone at the end.
 * Exit code 0 when the sample ran clean (no stale read, no error), 1 otherwise, 2 for bad arguments.
 */
public final class DemoCommand {

  private static final int PEOPLE = 4;
  private static final int REPORTERS = 2;
  private static final int PROFILES = 1000;

  private DemoCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("lagless demo: " + e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    if (options.help) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    Path agentJar;
    try {
      agentJar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      err.println("lagless demo: cannot tell where the agent jar is: " + e);
      return 1;
    }
    out.println("Starting a local PostgreSQL primary, two streaming replicas and Redis on 127.0.0.1 ...");
    LocalCluster cluster;
    try {
      cluster = LocalCluster.builder().replicas(2).redis(true).start();
    } catch (IOException | RuntimeException e) {
      err.println("lagless demo: could not start the local cluster: " + e.getMessage());
      err.println("  The demo needs PostgreSQL server binaries (initdb, postgres) and redis-server: on Debian or"
          + " Ubuntu, apt-get install postgresql-15 redis-server; or build Lagless from source (mvn -DskipTests"
          + " package), which fetches the binaries Maven Central ships into ~/.m2.");
      return 1;
    }
    Cleanup cleanup = new Cleanup(cluster, out);
    // Ctrl-C runs shutdown hooks, not this method's finally: the hook removes what the run made.
    Thread onInterrupt = new Thread(cleanup::run, "lagless-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    Path workDir = null;
    SampleApplication app = null;
    try {
      out.println("  cluster directory: " + cluster.root() + "  (up in " + cluster.startupTime().toMillis() + " ms)");
      cluster.setUpAsApp("CREATE TABLE profiles (id int PRIMARY KEY, name text NOT NULL,"
              + " version bigint NOT NULL DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now())",
          "INSERT INTO profiles (id, name) SELECT i, 'person ' || i FROM generate_series(1, " + PROFILES + ") i");
      if (!options.lag.isZero()) {
        for (PostgresNode replica : cluster.replicas()) {
          replica.setApplyDelay(options.lag);
        }
        out.println("  replica lag injected: each replica applies commits " + Durations.format(options.lag)
            + " late (recovery_min_apply_delay)");
      }
      workDir = Files.createTempDirectory("lagless-demo-");
      cleanup.workDir = workDir;
      out.println("  work directory: " + workDir);
      int metricsPort = freePort();
      app = SampleApplication.start(agentJar, workDir, environment(cluster, metricsPort), List.of(
          cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(), cluster.appPassword(),
          String.valueOf(options.duration.toSeconds()), String.valueOf(PEOPLE), String.valueOf(REPORTERS),
          String.valueOf(PROFILES)));
      cleanup.app = app;
      out.println("  sample application pid " + app.pid() + ": " + PEOPLE + " people update their profile and"
          + " open their dashboard; a reporting job runs " + REPORTERS + " read-only transactions at a time");
      out.println();
      Summary summary = watch(app, cluster, metricsPort, options, out);
      int exit = app.awaitExit(options.duration.toMillis() + 30_000);
      AppStats last = app.done() != null ? app.done() : app.latest();
      summary.print(last, exit, app.otherLines(), out);
      return summary.clean(last, exit) ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      err.println("lagless demo: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      cleanup.run();
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs, and finds everything done
      }
    }
  }

  /** The settings a user would give the agent for this cluster, and a Prometheus endpoint to watch it. */
  private static Map<String, String> environment(LocalCluster cluster, int metricsPort) {
    List<String> replicas = new ArrayList<>();
    for (PostgresNode replica : cluster.replicas()) {
      replicas.add(replica.host() + ":" + replica.port());
    }
    return Map.of(
        "LAGLESS_REPLICAS", String.join(",", replicas),
        "LAGLESS_REDIS_URL", cluster.redis().uri(),
        "OTEL_SERVICE_NAME", "lagless-demo",
        "OTEL_TRACES_EXPORTER", "none",
        "OTEL_LOGS_EXPORTER", "none",
        "OTEL_METRICS_EXPORTER", "prometheus",
        "OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1",
        "OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(metricsPort));
  }

  private static Summary watch(SampleApplication app, LocalCluster cluster, int metricsPort, DemoOptions options,
      PrintStream out) throws InterruptedException {
    List<LiveView.Node> nodes = new ArrayList<>();
    nodes.add(new LiveView.Node("primary", cluster.primary().port(), false));
    for (int i = 0; i < cluster.replicas().size(); i++) {
      nodes.add(new LiveView.Node("replica " + (i + 1), cluster.replica(i).port(), true));
    }
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    String lagNote = options.lag.isZero() ? "" : "   (replica lag injected: " + Durations.format(options.lag) + ")";
    LiveView view = new LiveView(out, terminal, nodes, options.duration.toSeconds(), lagNote);
    Summary summary = new Summary(nodes, options);
    AppStats shown = AppStats.NONE;
    LaglessMetrics metrics = LaglessMetrics.NONE;
    while (app.isAlive()) {
      AppStats now = app.latest();
      if (now != shown && now.elapsedMillis > shown.elapsedMillis) {
        LaglessMetrics scraped = LaglessMetrics.scrape(metricsPort);
        // The endpoint closes with the application's last second: keep showing what it said last.
        metrics = scraped == LaglessMetrics.NONE ? metrics : scraped;
        summary.metrics(metrics);
        view.show(shown, now, metrics);
        shown = now;
      }
      Thread.sleep(100); // the application prints once a second; this only paces the polling
    }
    return summary;
  }

  /** Stops and removes everything the run made, once: at the end, or from the shutdown hook on Ctrl-C. */
  private static final class Cleanup {
    private final LocalCluster cluster;
    private final PrintStream out;
    volatile SampleApplication app;
    volatile Path workDir;
    private boolean done;

    Cleanup(LocalCluster cluster, PrintStream out) {
      this.cluster = cluster;
      this.out = out;
    }

    synchronized void run() {
      if (done) {
        return;
      }
      done = true;
      List<String> removed = new ArrayList<>();
      if (app != null) {
        app.close();
        removed.add("the sample application (pid " + app.pid() + ")");
      }
      cluster.close();
      removed.add("PostgreSQL primary and " + cluster.replicas().size() + " replicas, Redis");
      removed.add(cluster.root().toString());
      if (workDir != null) {
        deleteTree(workDir);
        removed.add(workDir.toString());
      }
      out.println("Cleaned up: " + String.join("; ", removed));
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // reported below by what is left
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** What the run showed, for the closing summary. */
  private static final class Summary {
    private final List<LiveView.Node> nodes;
    private final DemoOptions options;
    private LaglessMetrics metrics = LaglessMetrics.NONE;

    Summary(List<LiveView.Node> nodes, DemoOptions options) {
      this.nodes = nodes;
      this.options = options;
    }

    void metrics(LaglessMetrics latest) {
      if (latest != LaglessMetrics.NONE) {
        metrics = latest;
      }
    }

    boolean clean(AppStats last, int exit) {
      return exit == 0 && last.stale == 0 && last.errors == 0 && last.reads > 0;
    }

    void print(AppStats last, int exit, List<String> otherLines, PrintStream out) {
      long onReplicas = 0;
      for (LiveView.Node node : nodes) {
        if (node.replica) {
          onReplicas += last.readsOn(node.port);
        }
      }
      long onPrimary = last.reads - onReplicas;
      out.println();
      out.printf(Locale.ROOT, "Summary (%d s%s):%n", last.elapsedMillis / 1000,
          options.lag.isZero() ? "" : ", replica lag " + Durations.format(options.lag));
      out.printf(Locale.ROOT, "  reads: %d, on replicas %d (%.1f %%), on the primary %d%n", last.reads, onReplicas,
          last.reads == 0 ? 0.0 : 100.0 * onReplicas / last.reads, onPrimary);
      out.printf(Locale.ROOT, "  writes: %d (all on the primary)%n", last.writes);
      out.printf(Locale.ROOT, "  read-your-own-writes: %d reads waited for a replica to catch up, %d went to the"
          + " primary instead%n", Math.round(LiveView.waited(metrics)), Math.round(LiveView.fallbacks(metrics)));
      out.printf(Locale.ROOT, "  reads checked for staleness: %d%n", last.checked);
      out.printf(Locale.ROOT, "  stale reads: %d%n", last.stale);
      out.printf(Locale.ROOT, "  errors: %d%n", last.errors);
      if (exit != 0 || last.errors > 0) {
        out.println("  the sample application " + (exit == -1 ? "had to be stopped" : "exited with " + exit)
            + (otherLines.isEmpty() ? "" : "; it said:"));
        otherLines.forEach(line -> out.println("    " + line));
      }
    }
  }
}
