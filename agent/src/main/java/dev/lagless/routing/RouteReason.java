package dev.lagless.routing;

/** Why a statement ran where it ran: the values of {@code lagless.reason} (SPEC §4). */
public enum RouteReason {
  READ("read"),
  WRITE("write"),
  TRANSACTION("transaction"),
  READ_ONLY_TRANSACTION("read_only_transaction"),
  SESSION_STATE("session_state"),
  HINT("hint"),
  RYOW_FALLBACK("ryow_fallback"),
  REPLICA_LAG("replica_lag"),
  REPLICA_DOWN("replica_down"),
  NO_REPLICA("no_replica"),
  RETRY("retry"),
  NOT_ROUTED("not_routed");

  private final String label;

  RouteReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
