package dev.lagless.routing;

/**
 * The primary's WAL position over the last seconds, as polled: turns a replica's replayed position
 * into a lag in time ("the primary had WAL this replica lacks since t"), which, unlike
 * {@code now() - pg_last_xact_replay_timestamp()}, stays 0 on an idle primary (DESIGN-NOTES §4a).
 *
 * <p>That history starts with the agent, so it cannot date WAL the replica lacks that the primary
 * already had at the first poll (a replica far behind when the JVM starts, or one restarted from an old
 * restartpoint longer ago than the history reaches). There the replica's own replay timestamp gives an
 * upper bound (see {@link #lagMillis}), read against the primary's clock so that no clock skew between
 * the machines enters; without it the lag is unknown, and an unknown lag gets no reads under a time
 * bound.
 */
final class PrimaryWal {

  /** {@link #lagMillis}'s answer when the lag cannot be known yet. */
  static final long UNKNOWN = -1;
  /** A replay timestamp the replica could not give (nothing replayed since it started). */
  static final long NO_TIMESTAMP = Long.MIN_VALUE;

  private static final int SAMPLES = 256;

  private final long[] lsns = new long[SAMPLES];
  private final long[] times = new long[SAMPLES];
  private int next;
  private int size;
  private volatile long systemIdentifier = -1;
  private volatile int timeline = -1;
  private volatile long lastPolledNanos;
  /** The primary's clock (epoch µs) at some moment of the last poll, and the local time the poll began. */
  private long clockMicros = NO_TIMESTAMP;
  private long clockPollStartNanos;

  /**
   * Records a poll that began at {@code pollStartNanos}, answered at {@code nanos}: the primary's current
   * position and its clock ({@code primaryClockMicros}, epoch µs; {@link #NO_TIMESTAMP} if not asked).
   */
  synchronized void record(long lsn, long nanos, long sysid, int currentTimeline, long primaryClockMicros,
      long pollStartNanos) {
    systemIdentifier = sysid;
    timeline = currentTimeline;
    lastPolledNanos = nanos;
    if (primaryClockMicros != NO_TIMESTAMP) {
      clockMicros = primaryClockMicros;
      clockPollStartNanos = pollStartNanos;
    }
    int last = (next - 1 + SAMPLES) % SAMPLES;
    if (size > 0 && lsns[last] == lsn) {
      return; // no new WAL: the oldest sample of this position stays as the moment it appeared
    }
    lsns[next] = lsn;
    times[next] = nanos;
    next = (next + 1) % SAMPLES;
    size = Math.min(size + 1, SAMPLES);
  }

  /** The newest primary position known; -1 before the first poll. */
  synchronized long currentLsn() {
    return size == 0 ? -1 : lsns[(next - 1 + SAMPLES) % SAMPLES];
  }

  /**
   * Milliseconds since the primary first had a position beyond {@code replayed}; 0 when the replica
   * has everything the primary had at its last poll; {@link #UNKNOWN} before the first poll, and when
   * the missing WAL is older than this history and {@code replayTimestampMicros} (the replica's
   * {@code pg_last_xact_replay_timestamp()}, epoch µs, primary's clock) is {@link #NO_TIMESTAMP}.
   *
   * <p>Why the replay timestamp bounds the lag from above: it is the commit time of the last transaction
   * the replica replayed, taken on the primary before that commit record was inserted; every record the
   * replica lacks lies after it in the WAL, so it was inserted after that time. The primary's "now" is
   * estimated from its clock at the last poll plus the local time since that poll began, which can only
   * overstate it (by at most the poll's round trip). On a primary that was quiet before its newest
   * write the bound is loose (the replica seems as far behind as the quiet time) — for the few polls
   * until it replays a position this history has seen, after which the history decides.
   */
  synchronized long lagMillis(long replayed, long replayTimestampMicros, long nowNanos) {
    if (size == 0) {
      return UNKNOWN;
    }
    long oldestMissing = -1;
    boolean dated = false;
    for (int i = 0; i < size; i++) {
      int index = (next - 1 - i + SAMPLES) % SAMPLES;
      if (lsns[index] > replayed) {
        oldestMissing = times[index];
      } else {
        dated = true; // the primary was at or below the replay position then: the missing WAL is newer
        break;
      }
    }
    if (oldestMissing < 0) {
      return 0;
    }
    long sinceSeen = Math.max(0, (nowNanos - oldestMissing) / 1_000_000);
    if (dated) {
      return sinceSeen;
    }
    if (replayTimestampMicros == NO_TIMESTAMP || clockMicros == NO_TIMESTAMP) {
      return UNKNOWN;
    }
    long primaryNowMicros = clockMicros + (nowNanos - clockPollStartNanos) / 1_000;
    return Math.max(sinceSeen, (primaryNowMicros - replayTimestampMicros) / 1_000);
  }

  long systemIdentifier() {
    return systemIdentifier;
  }

  int timeline() {
    return timeline;
  }

  long lastPolledNanos() {
    return lastPolledNanos;
  }
}
