package dev.lagless.routing;

import dev.lagless.config.Balance;
import dev.lagless.config.MaxLag;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks the replica for a read among those that may serve it now (SPEC §2 rule 1): following the
 * primary, freshly polled, within {@code LAGLESS_MAX_LAG}, and not taken out of rotation by a failed
 * read. When none may, says why, so the statement's reason on the primary is exact.
 */
public final class ReplicaChooser {

  private final ReplicaSet replicas;
  private final Balance balance;
  private final MaxLag maxLag;
  private final long staleAfterNanos;
  private final AtomicInteger turn = new AtomicInteger();

  public ReplicaChooser(List<ReplicaNode> replicas, Balance balance, MaxLag maxLag, long pollIntervalMillis) {
    this(ReplicaSet.of(replicas), balance, maxLag, pollIntervalMillis);
  }

  public ReplicaChooser(ReplicaSet replicas, Balance balance, MaxLag maxLag, long pollIntervalMillis) {
    this.replicas = replicas;
    this.balance = balance;
    this.maxLag = maxLag;
    this.staleAfterNanos = Math.max(1_000, 10 * pollIntervalMillis) * 1_000_000L;
  }

  /** The replicas now (a snapshot: discovery may change the set). */
  public List<ReplicaNode> replicas() {
    return replicas.nodes();
  }

  /** The outcome of a choice: a node, or the reason there is none. */
  public static final class Choice {
    public final ReplicaNode node;
    public final RouteReason reasonWhenNone;
    /** False when the node was chosen as the most advanced one but has not replayed the wanted position yet. */
    public final boolean caughtUp;

    Choice(ReplicaNode node, RouteReason reasonWhenNone) {
      this(node, reasonWhenNone, true);
    }

    Choice(ReplicaNode node, RouteReason reasonWhenNone, boolean caughtUp) {
      this.node = node;
      this.reasonWhenNone = reasonWhenNone;
      this.caughtUp = caughtUp;
    }
  }

  /** Chooses a replica, skipping {@code exclude} (the one that just failed), or null for none. */
  public Choice choose(ReplicaNode exclude) {
    return choose(exclude, -1);
  }

  /**
   * Chooses among the replicas that have replayed {@code minReplay} (as the monitor last saw them); if
   * none has, the most advanced eligible one, marked not caught up (the caller may wait for it).
   */
  public Choice choose(ReplicaNode exclude, long minReplay) {
    Choice choice = chooseAmong(exclude, minReplay);
    if (choice.node != null || minReplay < 0) {
      return choice;
    }
    ReplicaNode best = null;
    for (ReplicaNode node : replicas.nodes()) {
      if (eligible(node, exclude, System.nanoTime()) && (best == null || node.health().replayLsn > best.health().replayLsn)) {
        best = node;
      }
    }
    return best == null ? choice : new Choice(best, null, false);
  }

  /** May serve reads now: rule 1 of SPEC §2. */
  private boolean eligible(ReplicaNode node, ReplicaNode exclude, long now) {
    return followingAndFresh(node, exclude, now) && withinMaxLag(node.health(), now);
  }

  /** Following the primary by a recent poll, and not just failed (lag aside). */
  private boolean followingAndFresh(ReplicaNode node, ReplicaNode exclude, long now) {
    if (node == exclude || node.recentlyFailed() || node.retired()) {
      return false;
    }
    NodeHealth health = node.health();
    return health.status == NodeHealth.Status.FOLLOWING && now - health.polledAtNanos <= staleAfterNanos;
  }

  private Choice chooseAmong(ReplicaNode exclude, long minReplay) {
    List<ReplicaNode> replicas = this.replicas.nodes();
    int size = replicas.size();
    if (size == 0) {
      // Discovery configured but naming no replica now (e.g. all members down) is an outage, not a setting.
      return new Choice(null, this.replicas.configured() ? RouteReason.REPLICA_DOWN : RouteReason.NO_REPLICA);
    }
    long now = System.nanoTime();
    boolean lagging = false;
    ReplicaNode best = null;
    int bestBusy = Integer.MAX_VALUE;
    int start = balance == Balance.RANDOM ? ThreadLocalRandom.current().nextInt(size)
        : Math.floorMod(turn.getAndIncrement(), size);
    for (int k = 0; k < size; k++) {
      ReplicaNode node = replicas.get((start + k) % size);
      if (!followingAndFresh(node, exclude, now)) {
        continue;
      }
      NodeHealth health = node.health();
      if (!withinMaxLag(health, now)) {
        lagging = true;
        continue;
      }
      if (health.replayLsn < minReplay) {
        continue;
      }
      if (balance != Balance.LEAST_BUSY) {
        return new Choice(node, null);
      }
      int busy = node.inFlight();
      if (busy < bestBusy) {
        best = node;
        bestBusy = busy;
      }
    }
    if (best != null) {
      return new Choice(best, null);
    }
    return new Choice(null, lagging ? RouteReason.REPLICA_LAG : RouteReason.REPLICA_DOWN);
  }

  /**
   * An unknown lag is never within a bound. A replica that lacked WAL at its last poll is assumed to lack
   * it still: its lag has grown by the time since that poll, so the bound holds between polls too.
   */
  private boolean withinMaxLag(NodeHealth health, long now) {
    if (maxLag.isTime()) {
      if (health.lagMillis < 0) {
        return false;
      }
      long sincePoll = health.lagBytes > 0 ? (now - health.polledAtNanos) / 1_000_000 : 0;
      return health.lagMillis + sincePoll <= maxLag.time().toMillis();
    }
    return health.lagBytes >= 0 && health.lagBytes <= maxLag.bytes();
  }
}
