package dev.lagless.cli.demo;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@code stats ...} or {@code done ...} line of the sample application: cumulative counters and
 * the reads each server answered (by port, as {@code inet_server_port()} told the application).
 */
final class AppStats {

  static final AppStats NONE = new AppStats(0, 0, 0, 0, 0, 0, Map.of());

  final long elapsedMillis;
  final long writes;
  final long reads;
  final long checked;
  final long stale;
  final long errors;
  final Map<Integer, Long> readsByPort;

  private AppStats(long elapsedMillis, long writes, long reads, long checked, long stale, long errors,
      Map<Integer, Long> readsByPort) {
    this.elapsedMillis = elapsedMillis;
    this.writes = writes;
    this.reads = reads;
    this.checked = checked;
    this.stale = stale;
    this.errors = errors;
    this.readsByPort = Collections.unmodifiableMap(readsByPort);
  }

  /** Null when the line is not one of the application's counter lines. */
  static AppStats parse(String line) {
    String body;
    if (line.startsWith("stats ")) {
      body = line.substring(6);
    } else if (line.startsWith("done ")) {
      body = line.substring(5);
    } else {
      return null;
    }
    Map<String, String> fields = new TreeMap<>();
    for (String field : body.trim().split(" ")) {
      int equals = field.indexOf('=');
      if (equals > 0) {
        fields.put(field.substring(0, equals), field.substring(equals + 1));
      }
    }
    try {
      Map<Integer, Long> nodes = new TreeMap<>();
      String list = fields.getOrDefault("nodes", "");
      for (String node : list.isEmpty() ? new String[0] : list.split(",")) {
        int colon = node.indexOf(':');
        nodes.put(Integer.parseInt(node.substring(0, colon)), Long.parseLong(node.substring(colon + 1)));
      }
      return new AppStats(number(fields, "elapsed_ms"), number(fields, "writes"), number(fields, "reads"),
          number(fields, "checked"), number(fields, "stale"), number(fields, "errors"), nodes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static long number(Map<String, String> fields, String name) {
    return Long.parseLong(fields.get(name));
  }

  long readsOn(int port) {
    return readsByPort.getOrDefault(port, 0L);
  }
}
