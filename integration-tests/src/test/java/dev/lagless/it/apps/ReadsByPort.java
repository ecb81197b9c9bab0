package dev.lagless.it.apps;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many reads each server ran in the current reporting window, for the load applications' tick
 * lines ({@code ports=P:N,P:N,}); counted by many threads, drained by the reporting one.
 */
final class ReadsByPort {

  private final Map<Integer, AtomicInteger> window = new ConcurrentHashMap<>();

  void count(int port) {
    window.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
  }

  /** {@code P:N,…} in port order for the servers that ran reads since the last call, which starts a new window. */
  String drain() {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (Map.Entry<Integer, AtomicInteger> entry : window.entrySet()) {
      counts.put(entry.getKey(), entry.getValue().getAndSet(0));
    }
    StringBuilder line = new StringBuilder();
    counts.forEach((port, n) -> {
      if (n > 0) {
        line.append(port).append(':').append(n).append(',');
      }
    });
    return line.toString();
  }
}
