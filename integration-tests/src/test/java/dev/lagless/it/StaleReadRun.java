package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import dev.lagless.it.apps.StaleReadCheckApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The stale-read checker as a benchmark (read-your-own-writes issue): sessions that write rows and
 * read their own rows back in a 90 % read / 10 % write mix, under the agent, on a local primary and
 * two replicas, in two phases: natural lag (what share of reads replicas serve), then lag injected at
 * random (replay paused and resumed, seeded). Reports reads, stale reads (must be 0), replica share.
 * Run with {@code mvn -q -pl integration-tests -DskipTests test-compile exec:java@staleread}
 * ({@code -Dstale.threads}, {@code -Dstale.seconds}); benchmarks/run does.
 */
public final class StaleReadRun {

  public static void main(String[] args) throws Exception {
    int threads = Integer.getInteger("stale.threads", 8);
    int seconds = Integer.getInteger("stale.seconds", 20);
    Path csv = Path.of(System.getProperty("stale.csv", "target/stale-read.csv"));
    StringBuilder rows = new StringBuilder("phase,threads,seconds,reads,stale,replica,primary,errors,pauses\n");
    try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(false).start()) {
      cluster.setUpAsApp("CREATE TABLE checks (session int, seq int, v text, PRIMARY KEY (session, seq))");
      for (String phase : new String[] {"natural-lag", "injected-lag"}) {
        cluster.setUpAsApp("TRUNCATE checks"); // each phase's sessions start again from row 1
        ForkedJvm.Running app = ForkedJvm.on(Path.of(System.getProperty("java.home"))).withAgent()
            .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
            .main(StaleReadCheckApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
                cluster.appPassword(), String.valueOf(threads), String.valueOf(seconds),
                String.valueOf(cluster.primary().port()), "9")
            .start();
        int pauses = phase.equals("injected-lag") ? injectLag(cluster, app) : 0;
        if (app.waitFor(Duration.ofSeconds(seconds + 60L)) != 0) {
          throw new IllegalStateException("the checker failed: " + app.stderr());
        }
        String total = app.lines().get(app.lines().size() - 1);
        app.lines().stream().filter(line -> line.startsWith("error") || line.startsWith("stale")).limit(5)
            .forEach(line -> System.out.println("  " + phase + " " + line));
        String[] f = total.replaceAll("[a-z]+=", "").replace("total ", "").split(" ");
        rows.append(String.join(",", phase, String.valueOf(threads), String.valueOf(seconds), f[0], f[1], f[2], f[3],
            f[4], String.valueOf(pauses))).append('\n');
        double share = 100.0 * Long.parseLong(f[2]) / Math.max(1, Long.parseLong(f[0]));
        System.out.printf(java.util.Locale.ROOT, "%s: %s, %.1f %% of reads on replicas, %d pauses%n", phase, total,
            share, pauses);
      }
    }
    Files.createDirectories(csv.toAbsolutePath().getParent());
    Files.writeString(csv, rows.toString());
  }

  /** Pauses and resumes replay on a random replica until the checker is done; returns how many pauses. */
  private static int injectLag(LocalCluster cluster, ForkedJvm.Running app) throws Exception {
    Random random = new Random(20261122L);
    int pauses = 0;
    try {
      while (app.lines().stream().noneMatch(line -> line.startsWith("total"))) {
        PostgresNode replica = cluster.replica(random.nextInt(2));
        replica.pauseReplay();
        pauses++;
        Thread.sleep(50 + random.nextInt(500)); // how long the lag lasts: the injected fault
        replica.resumeReplay();
        Thread.sleep(random.nextInt(300));
      }
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
    return pauses;
  }
}
