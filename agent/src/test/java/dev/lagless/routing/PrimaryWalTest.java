package dev.lagless.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrimaryWalTest {

  private static final long MS = 1_000_000L;

  @Test
  void lagIsTheAgeOfTheOldestPrimaryPositionNotReplayed() {
    PrimaryWal wal = new PrimaryWal();
    assertEquals(-1, wal.lagMillis(0, PrimaryWal.NO_TIMESTAMP, 0), "unknown before the first poll");
    wal.record(100, 0, 7, 1, PrimaryWal.NO_TIMESTAMP, 0);
    wal.record(200, 100 * MS, 7, 1, PrimaryWal.NO_TIMESTAMP, 100 * MS);
    wal.record(300, 200 * MS, 7, 1, PrimaryWal.NO_TIMESTAMP, 200 * MS);
    assertEquals(0, wal.lagMillis(300, PrimaryWal.NO_TIMESTAMP, 250 * MS), "has everything");
    assertEquals(150, wal.lagMillis(200, PrimaryWal.NO_TIMESTAMP, 350 * MS), "misses 300, seen at 200 ms");
    assertEquals(250, wal.lagMillis(150, PrimaryWal.NO_TIMESTAMP, 350 * MS), "misses 200, seen at 100 ms");
    assertEquals(300, wal.currentLsn());
  }

  @Test
  void anIdlePrimaryMeansNoLagWhateverTheClock() {
    PrimaryWal wal = new PrimaryWal();
    wal.record(500, 0, 7, 1, PrimaryWal.NO_TIMESTAMP, 0);
    wal.record(500, 10_000 * MS, 7, 1, PrimaryWal.NO_TIMESTAMP, 10_000 * MS); // same position: no new WAL for 10 s
    assertEquals(0, wal.lagMillis(500, PrimaryWal.NO_TIMESTAMP, 20_000 * MS));
    wal.record(600, 20_000 * MS, 7, 1, PrimaryWal.NO_TIMESTAMP, 20_000 * MS);
    assertEquals(1_000, wal.lagMillis(500, PrimaryWal.NO_TIMESTAMP, 21_000 * MS), "600 appeared at 20 s; 500 was there before");
  }

  @Test
  void walMissingSinceBeforeTheHistoryIsDatedByTheReplayTimestampOnThePrimarysClock() {
    PrimaryWal wal = new PrimaryWal();
    long clockAtPoll = 1_700_000_000_000_000L; // the primary's clock, epoch µs, read during the first poll
    wal.record(500, 10 * MS, 7, 1, clockAtPoll, 9 * MS);
    long lastReplayedCommit = clockAtPoll - 1_500_000; // 1.5 s before the poll, by the primary's clock
    assertEquals(1_501, wal.lagMillis(499, lastReplayedCommit, 10 * MS),
        "from the commit time of the last replayed transaction to the primary's now (poll start + elapsed)");
    assertEquals(1_601, wal.lagMillis(499, lastReplayedCommit, 110 * MS), "and it grows with the local clock");
    assertEquals(PrimaryWal.UNKNOWN, wal.lagMillis(499, PrimaryWal.NO_TIMESTAMP, 10 * MS),
        "no replay timestamp: not knowable, never taken for fresh");
    assertEquals(0, wal.lagMillis(500, PrimaryWal.NO_TIMESTAMP, 10 * MS), "has everything: no timestamp needed");
  }

  @Test
  void theHistoryDecidesOnceItHasSeenThePrimaryAtTheReplayedPosition() {
    PrimaryWal wal = new PrimaryWal();
    long clock = 1_700_000_000_000_000L;
    wal.record(500, 0, 7, 1, clock, 0);
    wal.record(600, 100 * MS, 7, 1, clock + 100_000, 100 * MS);
    long quietForAnHour = clock - 3_600_000_000L;
    assertEquals(50, wal.lagMillis(550, quietForAnHour, 150 * MS),
        "WAL after 500 appeared within the history: its age, not the old commit's");
  }

  @Test
  void aReplicaBehindEverythingTheHistoryHoldsIsDatedByItsTimestampAgain() {
    PrimaryWal wal = new PrimaryWal();
    long clock = 1_700_000_000_000_000L;
    for (int i = 0; i < 300; i++) { // more distinct positions than the history keeps
      wal.record(1_000 + i, i * 100 * MS, 7, 1, clock + i * 100_000L, i * 100 * MS);
    }
    long now = 300 * 100 * MS;
    long replayedCommit = clock - 60_000_000L; // a minute before the first poll
    assertEquals(90_000, wal.lagMillis(999, replayedCommit, now),
        "the oldest sample kept is 4.4 s old, yet the replica lacks WAL from 90 s ago");
  }
}
