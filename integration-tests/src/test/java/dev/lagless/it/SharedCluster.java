package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One primary + 2 replicas + Redis for all integration tests of this JVM; closed by the launcher's shutdown hook. */
final class SharedCluster {

  private static LocalCluster cluster;

  private SharedCluster() {}

  static synchronized LocalCluster get() {
    if (cluster == null) {
      try {
        cluster = LocalCluster.builder().replicas(2).redis(true).start();
        System.out.println("[local-cluster] primary + 2 replicas + redis up in " + cluster.startupTime().toMillis()
            + " ms with " + cluster.binaries());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cluster;
  }

  static String primaryUrl() {
    LocalCluster c = get();
    return c.primary().jdbcUrl(c.database());
  }
}
