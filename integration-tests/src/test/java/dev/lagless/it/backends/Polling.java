package dev.lagless.it.backends;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Asks a backend again and again until its answer is the one awaited, or a deadline passes. The backends
 * here receive and index data asynchronously and offer no way to be told when it is done: asking is the
 * only synchronisation there is.
 */
final class Polling {
  private Polling() {}

  /** One question to a backend; an {@link IOException} means "not answering yet" and is asked again. */
  @FunctionalInterface
  interface Probe<T> {
    T ask() throws IOException, InterruptedException;
  }

  /**
   * The first answer of {@code probe} that satisfies {@code done}, asked every {@code interval}; an
   * {@link AssertionError} naming {@code what} and the last answer (or failure) when {@code timeout} passes.
   * Anything but an {@link IOException} from the probe ends the wait at once.
   */
  static <T> T until(String what, Probe<T> probe, Predicate<? super T> done, Duration timeout, Duration interval)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = "(no answer)";
    while (true) {
      try {
        T answer = probe.ask();
        if (done.test(answer)) {
          return answer;
        }
        last = answer;
      } catch (IOException e) {
        last = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(what + ": not within " + timeout.toMillis() + " ms; last answer: " + last);
      }
      Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
    }
  }
}
