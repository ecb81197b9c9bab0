package dev.lagless.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lagless.config.Balance;
import dev.lagless.config.HostPort;
import dev.lagless.config.MaxLag;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaChooserTest {

  private final ReplicaNode a = new ReplicaNode(new HostPort("a", 1), Map.of());
  private final ReplicaNode b = new ReplicaNode(new HostPort("b", 2), Map.of());

  private static NodeHealth following(long lagMillis, long lagBytes) {
    return new NodeHealth(NodeHealth.Status.FOLLOWING, 100, lagBytes, lagMillis, 1, System.nanoTime(), "following");
  }

  @Test
  void roundRobinAlternatesBetweenHealthyReplicas() {
    a.update(following(0, 0));
    b.update(following(0, 0));
    ReplicaChooser chooser = new ReplicaChooser(List.of(a, b), Balance.ROUND_ROBIN, MaxLag.ofTime(Duration.ofSeconds(5)), 100);
    Set<ReplicaNode> seen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      seen.add(chooser.choose(null).node);
    }
    assertEquals(Set.of(a, b), seen);
  }

  @Test
  void leastBusyPicksTheReplicaWithFewerConnectionsLentOut() {
    a.update(following(0, 0));
    b.update(following(0, 0));
    a.leased((java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) ->
            method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                : method.getName().equals("equals") ? proxy == args[0] : null));
    ReplicaChooser chooser = new ReplicaChooser(List.of(a, b), Balance.LEAST_BUSY, MaxLag.ofTime(Duration.ofSeconds(5)), 100);
    for (int i = 0; i < 4; i++) {
      assertSame(b, chooser.choose(null).node);
    }
  }

  @Test
  void aReplicaBeyondMaxLagIsSkippedAndNamedAsTheReason() {
    a.update(following(6_000, 10));
    b.update(new NodeHealth(NodeHealth.Status.DOWN, -1, -1, -1, -1, System.nanoTime(), "refused"));
    ReplicaChooser chooser = new ReplicaChooser(List.of(a, b), Balance.RANDOM, MaxLag.ofTime(Duration.ofSeconds(5)), 100);
    ReplicaChooser.Choice choice = chooser.choose(null);
    assertNull(choice.node);
    assertEquals(RouteReason.REPLICA_LAG, choice.reasonWhenNone);
    ReplicaChooser bytes = new ReplicaChooser(List.of(a), Balance.RANDOM, MaxLag.ofBytes(16), 100);
    assertSame(a, bytes.choose(null).node, "10 bytes behind is within 16 bytes");
  }

  @Test
  void aReplicaWhoseLagIsNotKnownGetsNoReadUnderATimeBound() {
    a.update(following(-1, 10));
    ReplicaChooser time = new ReplicaChooser(List.of(a), Balance.RANDOM, MaxLag.ofTime(Duration.ofSeconds(5)), 100);
    assertNull(time.choose(null).node);
    assertEquals(RouteReason.REPLICA_LAG, time.choose(null).reasonWhenNone);
    ReplicaChooser bytes = new ReplicaChooser(List.of(a), Balance.RANDOM, MaxLag.ofBytes(16), 100);
    assertSame(a, bytes.choose(null).node, "its size lag is known: 10 bytes");
  }

  @Test
  void aReplicaThatLackedWalAtItsLastPollKeepsAgeingUntilTheNext() {
    long polledAgo = System.nanoTime() - Duration.ofMillis(80).toNanos();
    a.update(new NodeHealth(NodeHealth.Status.FOLLOWING, 100, 10, 40, 1, polledAgo, "following"));
    b.update(new NodeHealth(NodeHealth.Status.FOLLOWING, 100, 0, 0, 1, polledAgo, "following"));
    ReplicaChooser chooser = new ReplicaChooser(List.of(a, b), Balance.ROUND_ROBIN, MaxLag.ofTime(Duration.ofMillis(100)), 100);
    for (int i = 0; i < 4; i++) {
      assertSame(b, chooser.choose(null).node, "a: 40 ms behind at a poll 80 ms ago is 120 ms behind now");
    }
  }

  @Test
  void aFailedReplicaStaysOutUntilTheMonitorSeesItHealthyAgain() {
    a.update(following(0, 0));
    ReplicaChooser chooser = new ReplicaChooser(List.of(a), Balance.ROUND_ROBIN, MaxLag.ofTime(Duration.ofSeconds(5)), 100);
    a.markFailed();
    assertEquals(RouteReason.REPLICA_DOWN, chooser.choose(null).reasonWhenNone);
    a.update(following(0, 0)); // a later poll
    assertSame(a, chooser.choose(null).node);
    assertNull(chooser.choose(a).node, "the replica that just failed is excluded from the retry");
  }

  @Test
  void aStalePollCountsAsNotKnown() {
    a.update(new NodeHealth(NodeHealth.Status.FOLLOWING, 1, 0, 0, 1, System.nanoTime() - Duration.ofSeconds(5).toNanos(),
        "old"));
    ReplicaChooser chooser = new ReplicaChooser(List.of(a), Balance.ROUND_ROBIN, MaxLag.ofTime(Duration.ofSeconds(5)), 100);
    assertNull(chooser.choose(null).node);
  }
}
