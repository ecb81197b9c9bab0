package dev.lagless.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSetTest {

  private static final HostPort FIXED = new HostPort("fixed", 5432);
  private static final HostPort A = new HostPort("a", 5432);
  private static final HostPort B = new HostPort("b", 5432);

  @Test
  void discoveredNodesJoinAndLeaveWhileListedOnesStay() {
    ReplicaNode fixed = new ReplicaNode(FIXED, Map.of());
    ReplicaSet set = new ReplicaSet(List.of(fixed), true);
    List<String> events = new ArrayList<>();
    set.listen(new ReplicaSet.Listener() {
      @Override
      public void added(ReplicaNode node) {
        events.add("+" + node);
      }

      @Override
      public void removed(ReplicaNode node) {
        events.add("-" + node + (node.retired() ? " retired" : ""));
      }
    });

    assertTrue(set.replaceDiscovered(List.of(A, B, FIXED)));
    assertEquals(List.of("+a:5432", "+b:5432"), events, "a listed replica is not added twice");
    ReplicaNode a = set.nodes().get(1);
    assertFalse(set.replaceDiscovered(List.of(B, A)), "the same answer changes nothing");

    assertTrue(set.replaceDiscovered(List.of(B)));
    assertEquals("-a:5432 retired", events.get(2));
    assertTrue(a.retired());
    assertEquals(List.of(fixed, set.nodes().get(1)), set.nodes());
    assertEquals(B, set.nodes().get(1).endpoint());

    set.replaceDiscovered(List.of(A, B));
    ReplicaNode back = set.nodes().get(2);
    assertFalse(back.retired(), "a node that comes back is a new node: fresh health, fresh pools");
    assertFalse(back == a);
  }

  @Test
  void aRetiredNodeIsNeverChosen() {
    ReplicaSet set = new ReplicaSet(List.of(), true);
    set.replaceDiscovered(List.of(A));
    ReplicaNode a = set.nodes().get(0);
    a.update(new NodeHealth(NodeHealth.Status.FOLLOWING, 100, 0, 0, 1, System.nanoTime(), "following"));
    ReplicaChooser chooser = new ReplicaChooser(set, dev.lagless.config.Balance.ROUND_ROBIN,
        dev.lagless.config.MaxLag.ofTime(java.time.Duration.ofSeconds(5)), 100);
    assertEquals(a, chooser.choose(null).node);
    set.replaceDiscovered(List.of());
    assertEquals(null, chooser.choose(null).node);
    assertEquals(RouteReason.REPLICA_DOWN, chooser.choose(null).reasonWhenNone);
  }
}
