package dev.lagless.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  @Test
  void keysAreComparedByIdentity() {
    WeakIdentityMap<String, Integer> map = new WeakIdentityMap<>(v -> {});
    String one = new String("k");
    String two = new String("k");
    map.put(one, 1);
    assertEquals(1, map.get(one));
    assertNull(map.get(two), "equal but not the same object");
    assertSame(1, map.remove(one));
    assertEquals(0, map.size());
  }

  @Test
  void aCollectedKeyHandsItsValueToTheCallback() throws InterruptedException {
    List<Integer> released = new ArrayList<>();
    WeakIdentityMap<Object, Integer> map = new WeakIdentityMap<>(released::add);
    map.put(new Object(), 42);
    Object kept = new Object();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (released.isEmpty() && System.nanoTime() < deadline) {
      System.gc();
      map.put(kept, 1); // puts expunge
      Thread.onSpinWait();
    }
    assertEquals(List.of(42), released);
    assertEquals(1, map.size());
  }
}
