package dev.lagless.cluster;

import java.util.ArrayList;
import java.util.List;

/** The open clusters of this JVM, closed by a shutdown hook if their owner did not close them. */
final class ClusterRegistry {

  private static final List<LocalCluster> OPEN = new ArrayList<>();
  private static boolean hookInstalled;

  private ClusterRegistry() {}

  static synchronized void remember(LocalCluster cluster) {
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(ClusterRegistry::closeAll, "lagless-cluster-shutdown"));
      hookInstalled = true;
    }
    OPEN.add(cluster);
  }

  static synchronized void forget(LocalCluster cluster) {
    OPEN.remove(cluster);
  }

  private static void closeAll() {
    List<LocalCluster> open;
    synchronized (ClusterRegistry.class) {
      open = new ArrayList<>(OPEN);
    }
    for (LocalCluster cluster : open) {
      cluster.close();
    }
  }
}
