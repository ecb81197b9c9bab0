package dev.lagless.jdbc;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A concurrent map from driver objects (connections, statements) to the agent's state for them, by
 * identity, that never keeps a key alive: an application that drops a statement without closing it
 * must not leak it through us. When a key is collected, its value is handed to {@code onCollected}
 * (so a replica connection it still held goes back to its pool). Values must not refer to their key.
 */
final class WeakIdentityMap<K, V> {

  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> collected = new ReferenceQueue<>();
  private final Consumer<V> onCollected;

  WeakIdentityMap(Consumer<V> onCollected) {
    this.onCollected = onCollected;
  }

  V get(K key) {
    return map.get(new Lookup(key));
  }

  void put(K key, V value) {
    expunge();
    map.put(new WeakKey<>(key, collected), value);
  }

  V remove(K key) {
    return map.remove(new Lookup(key));
  }

  int size() {
    return map.size();
  }

  /** Hands the values of collected keys to the callback; cheap when nothing was collected. */
  void expunge() {
    Object ref;
    while ((ref = collected.poll()) != null) {
      V value = map.remove(ref);
      if (value != null) {
        try {
          onCollected.accept(value);
        } catch (RuntimeException ignored) {
          // Cleanup of an abandoned object must not fail the caller that happened to trigger it.
        }
      }
    }
  }

  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;

    WeakKey(K key, ReferenceQueue<K> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      Object referent = get();
      if (referent == null) {
        return false;
      }
      if (o instanceof WeakKey) {
        return ((WeakKey<?>) o).get() == referent;
      }
      return o instanceof Lookup && ((Lookup) o).key == referent;
    }
  }

  /** A short-lived key for lookups, so a get allocates no reference object. */
  private static final class Lookup {
    private final Object key;

    Lookup(Object key) {
      this.key = key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object o) {
      if (o instanceof Lookup) {
        return ((Lookup) o).key == key;
      }
      return o instanceof WeakKey && ((WeakKey<?>) o).get() == key;
    }
  }
}
