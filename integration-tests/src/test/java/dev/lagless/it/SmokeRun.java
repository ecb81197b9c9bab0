package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.PlainJdbcApp;
import java.nio.file.Path;

/**
 * The README's first command until {@code demo} exists: start a local primary, two replicas and Redis,
 * run the plain JDBC application under the agent, show what it and the agent printed, clean up.
 */
public final class SmokeRun {

  public static void main(String[] args) throws Exception {
    try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(true).start()) {
      System.out.println("local cluster up in " + cluster.startupTime().toMillis() + " ms: primary 127.0.0.1:"
          + cluster.primary().port() + ", replicas 127.0.0.1:" + cluster.replica(0).port() + " and 127.0.0.1:"
          + cluster.replica(1).port() + ", redis " + cluster.redis().uri());
      ForkedJvm.Result result = ForkedJvm.on(Path.of(System.getProperty("java.home")))
          .withAgent()
          .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
          .main(PlainJdbcApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
              cluster.appPassword(), "smoke")
          .run();
      System.out.println("$ java -javaagent:" + ForkedJvm.agentJar() + " ... " + PlainJdbcApp.class.getSimpleName());
      System.out.print(result.stderr);
      System.out.print(result.stdout);
      System.out.println("application exit code " + result.exitCode);
    }
  }
}
