package dev.lagless.it;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.cluster.PostgresNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which server ran which statement, in the servers' own words: the statements each node logged since
 * this mark ({@code log_statement = 'all'}, set for the role that runs them), each under the
 * {@code application_name} of its session ({@code %a} of the cluster's {@code log_line_prefix}). The
 * agent's replica connections carry the application's name, its monitor connections {@code lagless-monitor}.
 */
final class StatementLog {

  /** {@code 2026-12-08 01:39:09.717 UTC [12684] [app] LOG:  execute <unnamed>: SELECT …}. */
  private static final Pattern ENTRY = Pattern.compile(
      "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[\\d+\\] \\[(.*?)\\] ([A-Z]+):  (.*)$");
  private static final Pattern STATEMENT = Pattern.compile("^(?:statement|execute [^:]*): (.*)$");

  private final LocalCluster cluster;
  private final Map<PostgresNode, Long> offsets = new LinkedHashMap<>();

  private StatementLog(LocalCluster cluster) {
    this.cluster = cluster;
    for (PostgresNode node : nodes()) {
      offsets.put(node, node.log().toFile().length());
    }
  }

  /** From now on. */
  static StatementLog mark(LocalCluster cluster) {
    return new StatementLog(cluster);
  }

  /** The statements a node logged since the mark for sessions named {@code application}, in order. */
  List<String> on(PostgresNode node, String application) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = null;
    for (String line : read(node).split("\n", -1)) {
      if (current != null && line.startsWith("\t")) {
        current.append('\n').append(line.substring(1));
        continue;
      }
      if (current != null) {
        statements.add(current.toString());
        current = null;
      }
      Matcher entry = ENTRY.matcher(line);
      if (entry.matches() && entry.group(1).equals(application) && entry.group(2).equals("LOG")) {
        Matcher statement = STATEMENT.matcher(entry.group(3));
        if (statement.matches()) {
          current = new StringBuilder(statement.group(1));
        }
      }
    }
    if (current != null) {
      statements.add(current.toString());
    }
    return statements;
  }

  /** The statements both replicas logged since the mark for {@code application}. */
  List<String> onReplicas(String application) {
    List<String> statements = new ArrayList<>();
    for (PostgresNode replica : cluster.replicas()) {
      statements.addAll(on(replica, application));
    }
    return statements;
  }

  private List<PostgresNode> nodes() {
    List<PostgresNode> nodes = new ArrayList<>();
    nodes.add(cluster.primary());
    nodes.addAll(cluster.replicas());
    return nodes;
  }

  private String read(PostgresNode node) {
    try (RandomAccessFile file = new RandomAccessFile(node.log().toFile(), "r")) {
      long from = offsets.get(node);
      byte[] bytes = new byte[(int) Math.max(0, file.length() - from)];
      file.seek(from);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
