package dev.lagless.cluster;

/**
 * Run in a forked JVM by {@link CleanupTest}: starts a cluster, prints where it is, then either waits
 * to be killed ({@code hold}) or returns from main without closing it ({@code exit}).
 */
public final class ClusterHolder {

  public static void main(String[] args) throws Exception {
    LocalCluster cluster = LocalCluster.builder().replicas(1).redis(true).start();
    System.out.println("ROOT " + cluster.root());
    System.out.println("PID " + cluster.primary().pid());
    System.out.println("PID " + cluster.replica(0).pid());
    System.out.println("PID " + cluster.redis().pid());
    System.out.println("READY");
    System.out.flush();
    if (args.length > 0 && args[0].equals("hold")) {
      // Block until the test kills this JVM; reading stdin is a wait with no timing assumption.
      while (System.in.read() >= 0) {
        // keep waiting
      }
    }
  }
}
