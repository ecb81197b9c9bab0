package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The output of a test application that prints {@code label port=N …} per step, where N is
 * {@code inet_server_port()} of the server that ran it: where each step ran, seen from outside.
 */
final class RoutedLines {

  private final Map<String, String> lines = new HashMap<>();
  private final LocalCluster cluster;
  private final String why;

  RoutedLines(ForkedJvm.Result run, LocalCluster cluster) {
    this.cluster = cluster;
    this.why = run.toString();
    for (String line : run.stdout.split("\n")) {
      lines.put(line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line, line);
    }
  }

  /** The whole line of a step, for the test to check what else it printed. */
  String line(String label) {
    return lines.get(label);
  }

  /** The run, for failure messages. */
  String why() {
    return why;
  }

  void endsWith(String label, String suffix) {
    String line = lines.get(label);
    assertTrue(line != null && line.endsWith(suffix), label + " should end with " + suffix + ": " + line + "\n" + why);
  }

  void onReplica(String label) {
    Set<Integer> replicas = Set.of(cluster.replica(0).port(), cluster.replica(1).port());
    assertTrue(replicas.contains(port(label)), label + " should run on a replica: " + lines.get(label) + "\n" + why);
  }

  void onPrimary(String label) {
    assertEquals(cluster.primary().port(), port(label), label + " should run on the primary: " + lines.get(label)
        + "\n" + why);
  }

  private int port(String label) {
    String line = lines.get(label);
    assertTrue(line != null && line.contains("port="), label + " missing or failed: " + line + "\n" + why);
    return Integer.parseInt(line.substring(line.indexOf("port=") + 5).split(" ")[0]);
  }
}
