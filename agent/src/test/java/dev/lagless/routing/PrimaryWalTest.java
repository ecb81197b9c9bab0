package dev.lagless.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrimaryWalTest {

  private static final long MS = 1_000_000L;

  @Test
  void lagIsTheAgeOfTheOldestPrimaryPositionNotReplayed() {
    PrimaryWal wal = new PrimaryWal();
    assertEquals(-1, wal.lagMillis(0, 0), "unknown before the first poll");
    wal.record(100, 0, 7, 1);
    wal.record(200, 100 * MS, 7, 1);
    wal.record(300, 200 * MS, 7, 1);
    assertEquals(0, wal.lagMillis(300, 250 * MS), "has everything");
    assertEquals(150, wal.lagMillis(200, 350 * MS), "misses 300, seen at 200 ms");
    assertEquals(250, wal.lagMillis(150, 350 * MS), "misses 200, seen at 100 ms");
    assertEquals(300, wal.currentLsn());
  }

  @Test
  void anIdlePrimaryMeansNoLagWhateverTheClock() {
    PrimaryWal wal = new PrimaryWal();
    wal.record(500, 0, 7, 1);
    wal.record(500, 10_000 * MS, 7, 1); // same position: no new WAL for 10 s
    assertEquals(0, wal.lagMillis(500, 20_000 * MS));
    assertEquals(20_000, wal.lagMillis(499, 20_000 * MS), "the position appeared at time 0");
  }
}
