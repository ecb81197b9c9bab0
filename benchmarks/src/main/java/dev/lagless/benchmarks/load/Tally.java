package dev.lagless.benchmarks.load;

import java.util.Set;

/** One thread's counts; merged by the worker at the end (no sharing while measuring). */
final class Tally {

  private final Set<Integer> replicaPorts;
  long ops;
  long reads;
  long replicaReads;
  long writes;
  long stale;
  long errors;
  private boolean measuring;

  Tally(Set<Integer> replicaPorts) {
    this.replicaPorts = replicaPorts;
  }

  void measuring(boolean on) {
    measuring = on;
  }

  void read(int port) {
    if (measuring) {
      reads++;
      if (replicaPorts.contains(port)) {
        replicaReads++;
      }
    }
  }

  void write() {
    if (measuring) {
      writes++;
    }
  }

  void stale() {
    // Counted in warm-up too: a stale read is a failure whenever it happens.
    stale++;
  }

  void error() {
    errors++;
  }

  void op() {
    if (measuring) {
      ops++;
    }
  }

  void add(Tally other) {
    ops += other.ops;
    reads += other.reads;
    replicaReads += other.replicaReads;
    writes += other.writes;
    stale += other.stale;
    errors += other.errors;
  }
}
