package dev.lagless.routing;

import dev.lagless.config.HostPort;
import java.util.Map;

/**
 * One configured replica: where it is, the driver properties its URL adds, and the monitor's latest
 * view of it, plus the router's own short-term verdict after a failed read (taken out of rotation
 * until the monitor has seen it healthy again).
 */
public final class ReplicaNode {

  private final HostPort endpoint;
  private final Map<String, String> urlParameters;
  private volatile NodeHealth health = NodeHealth.UNKNOWN;
  /** Set when a read failed on this node; cleared by the next healthy poll after it. */
  private volatile long failedAtNanos;
  /**
   * The physical connections lent out now: how busy this node is (for {@code least_busy}), and what to
   * cut when the monitor finds it down (not answering within its poll timeout: crashed, hung, cut off),
   * so that the reads blocked on it are retried elsewhere instead of waiting as long as it stays hung.
   */
  private final java.util.Set<java.sql.Connection> lent = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Counted down by the monitor's first conclusive answer about this node. */
  private final java.util.concurrent.CountDownLatch firstPoll = new java.util.concurrent.CountDownLatch(1);
  /** Left the replica set (discovery no longer lists it): no more reads, no more polls. */
  private volatile boolean retired;
  /** The server behind this address listens on another port: a pooler or proxy is in between. */
  private volatile boolean behindProxy;

  public ReplicaNode(HostPort endpoint, Map<String, String> urlParameters) {
    this.endpoint = endpoint;
    this.urlParameters = Map.copyOf(urlParameters);
  }

  public HostPort endpoint() {
    return endpoint;
  }

  /** Driver properties from a {@code jdbc:postgresql://} replica URL (override the application's). */
  public Map<String, String> urlParameters() {
    return urlParameters;
  }

  public NodeHealth health() {
    return health;
  }

  void update(NodeHealth next) {
    NodeHealth previous = health;
    health = next;
    if (next.status == NodeHealth.Status.DOWN && previous.status != NodeHealth.Status.DOWN) {
      cutLentConnections();
    }
    if (next.status == NodeHealth.Status.FOLLOWING && next.polledAtNanos > failedAtNanos) {
      failedAtNanos = 0;
    }
  }

  /** A position this replica was seen to have replayed (by a read that waited for it): others benefit at once. */
  public void observedReplay(long lsn) {
    NodeHealth current = health;
    if (current.status == NodeHealth.Status.FOLLOWING && lsn > current.replayLsn) {
      health = new NodeHealth(current.status, lsn, Math.max(0, current.lagBytes - (lsn - current.replayLsn)),
          current.lagMillis, current.timeline, current.polledAtNanos, current.detail);
    }
  }

  /** A read failed here: no more reads until the monitor has polled it healthy again. */
  public void markFailed() {
    failedAtNanos = System.nanoTime();
  }

  /** A physical connection to this node is lent out. */
  public void leased(java.sql.Connection physical) {
    lent.add(physical);
  }

  public void returned(java.sql.Connection physical) {
    lent.remove(physical);
  }

  /**
   * Closes the sockets of the connections lent out: a read blocked on them fails at once with an I/O
   * error, which the router takes as the replica's fault (an auto-commit read is retried elsewhere; a
   * read-only transaction there fails, as it would with the server gone). {@code abort} closes
   * without talking to the server, which may not answer.
   */
  private void cutLentConnections() {
    for (java.sql.Connection physical : lent) {
      try {
        physical.abort(Runnable::run);
      } catch (java.sql.SQLException | RuntimeException ignored) {
        // closed already
      }
    }
  }

  /** The discovery no longer lists this node: reads stop at once, its poller ends, its pools close. */
  void retire() {
    retired = true;
  }

  public boolean retired() {
    return retired;
  }

  /** Whether a pooler or proxy is between the agent and this replica (the monitor's last poll). */
  public boolean behindProxy() {
    return behindProxy;
  }

  void behindProxy(boolean proxied) {
    behindProxy = proxied;
  }

  void firstPollDone() {
    firstPoll.countDown();
  }

  /** Waits at most {@code nanos} for the monitor's first conclusive answer. */
  void awaitFirstPoll(long nanos) throws InterruptedException {
    firstPoll.await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Waits (at most {@code maxMillis}) until no physical connection to this node is lent out. */
  void awaitNoneLent(long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    while (!lent.isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(50); // a background close waiting for reads to end, not a synchronisation of tests
    }
  }

  int inFlight() {
    return lent.size();
  }

  boolean recentlyFailed() {
    return failedAtNanos != 0;
  }

  @Override
  public String toString() {
    return endpoint.toString();
  }
}
