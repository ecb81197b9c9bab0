package dev.lagless.routing;

import dev.lagless.config.HostPort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The replicas reads may go to: the ones listed in {@code LAGLESS_REPLICAS} by address, fixed for the
 * life of the JVM, plus the ones a discovery (Patroni) reports now, which come and go. Readers get an
 * immutable snapshot without locks; changes are rare (a failover, a member added) and announced to the
 * listeners (the monitor starts or stops polling the node, the pools close a gone node's connections).
 *
 * <p>Being listed here never sends a read anywhere by itself: the monitor must still see the node in
 * recovery, of the primary's cluster and timeline, before the chooser considers it.
 */
public final class ReplicaSet {

  /** Told when a node joins or leaves the set. */
  public interface Listener {
    void added(ReplicaNode node);

    void removed(ReplicaNode node);
  }

  private final List<ReplicaNode> fixed;
  private final boolean discovering;
  private final Map<HostPort, ReplicaNode> discovered = new LinkedHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile List<ReplicaNode> snapshot;

  public ReplicaSet(List<ReplicaNode> fixed, boolean discovering) {
    this.fixed = List.copyOf(fixed);
    this.discovering = discovering;
    this.snapshot = this.fixed;
  }

  /** A set that never changes (tests, benchmarks, a static {@code LAGLESS_REPLICAS}). */
  public static ReplicaSet of(List<ReplicaNode> nodes) {
    return new ReplicaSet(nodes, false);
  }

  /** Every node now, fixed ones first. */
  public List<ReplicaNode> nodes() {
    return snapshot;
  }

  /** Whether reads may ever go to a replica: some are listed, or a discovery may find some. */
  public boolean configured() {
    return !fixed.isEmpty() || discovering;
  }

  public void listen(Listener listener) {
    listeners.add(listener);
  }

  /**
   * The discovery's whole current answer: nodes not in it leave the set, new ones join (a fixed node's
   * address is not added twice). Returns whether anything changed.
   */
  public boolean replaceDiscovered(Collection<HostPort> endpoints) {
    List<ReplicaNode> added = new ArrayList<>();
    List<ReplicaNode> removed = new ArrayList<>();
    synchronized (this) {
      for (var it = discovered.entrySet().iterator(); it.hasNext(); ) {
        var entry = it.next();
        if (!endpoints.contains(entry.getKey())) {
          removed.add(entry.getValue());
          it.remove();
        }
      }
      for (HostPort endpoint : endpoints) {
        if (!discovered.containsKey(endpoint) && !isFixed(endpoint)) {
          ReplicaNode node = new ReplicaNode(endpoint, Map.of());
          discovered.put(endpoint, node);
          added.add(node);
        }
      }
      if (added.isEmpty() && removed.isEmpty()) {
        return false;
      }
      List<ReplicaNode> next = new ArrayList<>(fixed);
      next.addAll(discovered.values());
      snapshot = List.copyOf(next);
    }
    for (ReplicaNode node : removed) {
      node.retire(); // before the listeners: the chooser skips it from now on
      listeners.forEach(listener -> listener.removed(node));
    }
    for (ReplicaNode node : added) {
      listeners.forEach(listener -> listener.added(node));
    }
    return true;
  }

  private boolean isFixed(HostPort endpoint) {
    for (ReplicaNode node : fixed) {
      if (node.endpoint().equals(endpoint)) {
        return true;
      }
    }
    return false;
  }
}
