package dev.lagless.cluster.ha;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Patroni's {@code GET /cluster}: every member it knows with its role ("leader", "replica",
 * "sync_standby"), its state ("running"; "streaming" from Patroni 3.0.4 on) and its timeline.
 */
final class ClusterView {

  /** One member as Patroni reports it. */
  static final class Entry {
    final String name;
    final String role;
    final String state;
    /** -1 when Patroni reports none (a member whose PostgreSQL is not running). */
    final long timeline;

    Entry(String name, String role, String state, long timeline) {
      this.name = name;
      this.role = role;
      this.state = state;
      this.timeline = timeline;
    }

    boolean isLeader() {
      return "leader".equals(role);
    }

    /** Up and replicating: "running" in Patroni 3.0.2, "streaming" in later releases. */
    boolean isUp() {
      return "running".equals(state) || "streaming".equals(state);
    }

    @Override
    public String toString() {
      return name + " " + role + " " + state + (timeline >= 0 ? " tl" + timeline : "");
    }
  }

  final List<Entry> entries;

  private ClusterView(List<Entry> entries) {
    this.entries = Collections.unmodifiableList(entries);
  }

  static ClusterView of(Map<String, Object> json) {
    List<Entry> entries = new ArrayList<>();
    for (Map<String, Object> member : Json.objects(json, "members")) {
      entries.add(new Entry(Json.string(member, "name"), Json.string(member, "role"), Json.string(member, "state"),
          Json.number(member, "timeline", -1)));
    }
    return new ClusterView(entries);
  }

  /** The holder of the leader key, or null (none holds it, e.g. between a crash and the key's expiry). */
  Entry leader() {
    return entries.stream().filter(Entry::isLeader).findFirst().orElse(null);
  }

  Entry entry(String name) {
    return entries.stream().filter(e -> name.equals(e.name)).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return entries.stream().map(Entry::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
