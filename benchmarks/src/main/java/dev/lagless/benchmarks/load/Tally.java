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
  /** The first error's message, so that a table can say what failed. */
  String firstError;
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

  void error(Exception e) {
    if (firstError == null) {
      firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
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
    if (firstError == null) {
      firstError = other.firstError;
    }
  }
}
