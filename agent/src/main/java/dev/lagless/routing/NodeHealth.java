package dev.lagless.routing;

/**
 * One replica as the monitor last saw it. Immutable; the monitor swaps in a new instance per poll, so
 * the router reads a consistent picture without locks.
 */
public final class NodeHealth {

  /** What the monitor concluded. */
  public enum Status {
    /** Not polled successfully yet. */
    UNKNOWN,
    /** Reachable, in recovery, same cluster and timeline as the primary. */
    FOLLOWING,
    /** Unreachable or failing. */
    DOWN,
    /** Reachable but must not serve reads: promoted, another cluster, another timeline. */
    NOT_FOLLOWING
  }

  static final NodeHealth UNKNOWN = new NodeHealth(Status.UNKNOWN, -1, -1, -1, -1, 0, "not polled yet");

  public final Status status;
  /** Replayed WAL position, as a number; -1 when unknown. */
  public final long replayLsn;
  /** Bytes of WAL the primary has that this replica has not replayed; -1 when unknown. */
  public final long lagBytes;
  /** How long ago the primary first had WAL this replica has not replayed; -1 when unknown. */
  public final long lagMillis;
  public final int timeline;
  /** {@link System#nanoTime()} of the poll this came from. */
  public final long polledAtNanos;
  /** A few words for logs: why the node is in this status. */
  public final String detail;

  NodeHealth(Status status, long replayLsn, long lagBytes, long lagMillis, int timeline, long polledAtNanos,
      String detail) {
    this.status = status;
    this.replayLsn = replayLsn;
    this.lagBytes = lagBytes;
    this.lagMillis = lagMillis;
    this.timeline = timeline;
    this.polledAtNanos = polledAtNanos;
    this.detail = detail;
  }

  @Override
  public String toString() {
    return status + " (" + detail + ", lag " + lagBytes + " B / " + lagMillis + " ms)";
  }
}
