package dev.lagless.routing;

/**
 * The primary's WAL position over the last seconds, as polled: turns a replica's replayed position
 * into a lag in time ("the primary had WAL this replica lacks since t"), which, unlike
 * {@code now() - pg_last_xact_replay_timestamp()}, stays 0 on an idle primary (DESIGN-NOTES §4a).
 */
final class PrimaryWal {

  private static final int SAMPLES = 256;

  private final long[] lsns = new long[SAMPLES];
  private final long[] times = new long[SAMPLES];
  private int next;
  private int size;
  private volatile long systemIdentifier = -1;
  private volatile int timeline = -1;
  private volatile long lastPolledNanos;

  /** Records a poll: the primary's current position at {@code nanos}. */
  synchronized void record(long lsn, long nanos, long sysid, int currentTimeline) {
    systemIdentifier = sysid;
    timeline = currentTimeline;
    lastPolledNanos = nanos;
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
   * has everything the primary had at its last poll; -1 before the first poll.
   */
  synchronized long lagMillis(long replayed, long nowNanos) {
    if (size == 0) {
      return -1;
    }
    long oldestMissing = -1;
    for (int i = 0; i < size; i++) {
      int index = (next - 1 - i + SAMPLES) % SAMPLES;
      if (lsns[index] > replayed) {
        oldestMissing = times[index];
      } else {
        break;
      }
    }
    if (oldestMissing < 0) {
      return 0;
    }
    return Math.max(0, (nowNanos - oldestMissing) / 1_000_000);
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
