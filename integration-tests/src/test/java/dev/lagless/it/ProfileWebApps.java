package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.web.ProfileWebApp;
import java.time.Duration;
import java.util.Set;

/** Starts {@link ProfileWebApp} against a cluster, as the web tests run it, and reads its pages. */
public final class ProfileWebApps {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private ProfileWebApps() {}

  /**
   * A JVM ready to run the application under Lagless with both replicas and
   * {@code LAGLESS_MAX_LAG=1h}: the tests pause replay, which is lag, and it must not take the
   * replicas out here.
   */
  public static ForkedJvm withReplicas(ForkedJvm jvm, LocalCluster cluster) {
    return jvm.classpath(System.getProperty("lagless.it.springClasspath"))
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        .env("LAGLESS_MAX_LAG", "1h");
  }

  /** Starts it on a free port of 127.0.0.1. */
  public static ForkedJvm.Running start(ForkedJvm jvm, LocalCluster cluster) {
    return jvm.main(ProfileWebApp.class, "--server.port=0", "--server.address=127.0.0.1",
        "--spring.datasource.url=" + cluster.primary().jdbcUrl(cluster.database()),
        "--spring.datasource.username=" + cluster.appUser(), "--spring.datasource.password=" + cluster.appPassword(),
        "--spring.main.banner-mode=off", "--logging.level.root=warn", "--spring.jpa.open-in-view=false",
        "--spring.jpa.hibernate.ddl-auto=none").start();
  }

  /** The port it listens on, once it does. */
  public static int port(ForkedJvm.Running app) throws Exception {
    int line = app.awaitLine(0, l -> l.startsWith("listening port="), WAIT);
    return Integer.parseInt(app.lines().get(line).substring("listening port=".length()).trim());
  }

  /** True when a page says its read ran on one of the cluster's replicas. */
  public static boolean onReplica(LocalCluster cluster, String page) {
    return Set.of("port=" + cluster.replica(0).port(), "port=" + cluster.replica(1).port()).stream()
        .anyMatch(page::endsWith);
  }
}
