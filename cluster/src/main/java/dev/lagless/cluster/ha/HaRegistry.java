package dev.lagless.cluster.ha;

import java.util.ArrayList;
import java.util.List;

/**
 * The open HA clusters of this JVM, closed by a shutdown hook if their owner did not close them: a
 * graceful stop, which the servers' parent-death signals (SIGTERM to Patroni, etcd and HAProxy) would
 * only half do, as Patroni's postmaster is not anyone's child here.
 */
final class HaRegistry {

  private static final List<HaCluster> OPEN = new ArrayList<>();
  private static boolean hookInstalled;

  private HaRegistry() {}

  static synchronized void remember(HaCluster cluster) {
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(HaRegistry::closeAll, "lagless-ha-shutdown"));
      hookInstalled = true;
    }
    OPEN.add(cluster);
  }

  static synchronized void forget(HaCluster cluster) {
    OPEN.remove(cluster);
  }

  private static void closeAll() {
    List<HaCluster> open;
    synchronized (HaRegistry.class) {
      open = new ArrayList<>(OPEN);
    }
    for (HaCluster cluster : open) {
      cluster.close();
    }
  }
}
