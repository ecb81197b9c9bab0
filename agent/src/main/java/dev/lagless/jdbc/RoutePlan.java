package dev.lagless.jdbc;

import dev.lagless.routing.RouteReason;
import java.util.EnumMap;
import java.util.Map;

/** Where the planner sends one execution, and why. Immutable; the common plans are shared constants. */
final class RoutePlan {

  enum Kind {
    /** On the application's own connection. */
    PRIMARY,
    /** On a replica, statement by statement (auto-commit, or a read before the first write). */
    REPLICA,
    /** Start the read-only transaction on a replica with this statement. */
    REPLICA_TRANSACTION_START,
    /** Inside the read-only transaction already running on a replica. */
    REPLICA_TRANSACTION,
    /** A session setting inside a replica transaction: on the replica now, and on the primary for the session. */
    PRIMARY_AND_REPLICA_TRANSACTION
  }

  private static final Map<RouteReason, RoutePlan> PRIMARY_PLANS = new EnumMap<>(RouteReason.class);

  static {
    for (RouteReason reason : RouteReason.values()) {
      PRIMARY_PLANS.put(reason, new RoutePlan(Kind.PRIMARY, reason, false));
    }
  }

  static final RoutePlan PRIMARY_WRITE = primary(RouteReason.WRITE);
  static final RoutePlan REPLICA_READ = new RoutePlan(Kind.REPLICA, RouteReason.READ, false);
  static final RoutePlan REPLICA_HINTED = new RoutePlan(Kind.REPLICA, RouteReason.HINT, true);
  static final RoutePlan TRANSACTION_START =
      new RoutePlan(Kind.REPLICA_TRANSACTION_START, RouteReason.READ_ONLY_TRANSACTION, false);
  static final RoutePlan IN_TRANSACTION = new RoutePlan(Kind.REPLICA_TRANSACTION, RouteReason.READ_ONLY_TRANSACTION, false);
  static final RoutePlan SETTING_IN_TRANSACTION =
      new RoutePlan(Kind.PRIMARY_AND_REPLICA_TRANSACTION, RouteReason.SESSION_STATE, false);

  final Kind kind;
  final RouteReason reason;
  /** A {@code lagless:replica} hint sent a statement the classifier keeps on the primary. */
  final boolean hinted;

  private RoutePlan(Kind kind, RouteReason reason, boolean hinted) {
    this.kind = kind;
    this.reason = reason;
    this.hinted = hinted;
  }

  static RoutePlan primary(RouteReason reason) {
    return PRIMARY_PLANS.get(reason);
  }

  boolean onReplica() {
    return kind == Kind.REPLICA || kind == Kind.REPLICA_TRANSACTION_START || kind == Kind.REPLICA_TRANSACTION;
  }

  boolean alsoOnReplicaTransaction() {
    return kind == Kind.PRIMARY_AND_REPLICA_TRANSACTION;
  }

  @Override
  public String toString() {
    return kind + "(" + reason.label() + ")";
  }
}
