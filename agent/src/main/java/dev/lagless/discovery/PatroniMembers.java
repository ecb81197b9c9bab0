package dev.lagless.discovery;

import dev.lagless.config.HostPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Patroni's {@code GET /cluster} says about its members: which may serve reads (every member that
 * is not the leader and not tagged {@code noloadbalance}), and which one leads (for the log line).
 * Patroni's word only proposes nodes: the monitor still checks each one (in recovery, same system
 * identifier and timeline as the primary the application writes to) before the first read goes there,
 * so a stale or wrong answer can cost reads on the primary, never a wrong read.
 */
final class PatroniMembers {

  /** Roles that write, or lead a standby cluster, in Patroni 2.x-4.x. */
  private static final Set<String> LEADER_ROLES = Set.of("leader", "master", "primary", "standby_leader");

  final List<HostPort> readable;
  final HostPort leader;

  private PatroniMembers(List<HostPort> readable, HostPort leader) {
    this.readable = List.copyOf(readable);
    this.leader = leader;
  }

  /** Parses the body of {@code GET /cluster}; {@link IllegalArgumentException} when it is not one. */
  static PatroniMembers parse(String body) {
    Object document = JsonReader.read(body);
    if (!(document instanceof Map) || !(((Map<?, ?>) document).get("members") instanceof List)) {
      throw new IllegalArgumentException("not Patroni's /cluster answer: no \"members\" list");
    }
    List<HostPort> readable = new ArrayList<>();
    HostPort leader = null;
    for (Object item : (List<?>) ((Map<?, ?>) document).get("members")) {
      if (!(item instanceof Map)) {
        continue;
      }
      Map<?, ?> member = (Map<?, ?>) item;
      HostPort endpoint = endpoint(member);
      if (endpoint == null) {
        continue; // no connect address published
      }
      String role = String.valueOf(member.get("role")).toLowerCase(Locale.ROOT);
      if (LEADER_ROLES.contains(role)) {
        leader = endpoint;
      } else if (!noLoadBalance(member) && !readable.contains(endpoint)) {
        readable.add(endpoint);
      }
    }
    return new PatroniMembers(readable, leader);
  }

  private static HostPort endpoint(Map<?, ?> member) {
    Object host = member.get("host");
    Object port = member.get("port");
    if (!(host instanceof String) || ((String) host).isEmpty() || !(port instanceof Number)) {
      return null;
    }
    long number = ((Number) port).longValue();
    if (number < 1 || number > 65_535) {
      return null;
    }
    return new HostPort((String) host, (int) number);
  }

  /** Patroni's own tag for "keep this member out of load balancing". */
  private static boolean noLoadBalance(Map<?, ?> member) {
    Object tags = member.get("tags");
    if (!(tags instanceof Map)) {
      return false;
    }
    Object value = ((Map<?, ?>) tags).get("noloadbalance");
    return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
  }
}
