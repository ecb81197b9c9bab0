package dev.lagless.cluster.ha;

import java.io.IOException;
import java.time.Duration;

/**
 * Waits for a condition by asking it again and again until a deadline: never a sleep that hopes a
 * state has been reached. The pause between two questions only keeps the asking cheap.
 */
final class Poll {

  private static final Duration INTERVAL = Duration.ofMillis(50);

  /** A condition: {@link Outcome#done} when it holds, else {@link Outcome#notYet} with what is missing. */
  interface Check<T> {
    Outcome<T> evaluate() throws Exception;
  }

  /** Either a value (the condition holds) or the reason it does not yet. */
  static final class Outcome<T> {
    final T value;
    final String missing;

    private Outcome(T value, String missing) {
      this.value = value;
      this.missing = missing;
    }

    static <T> Outcome<T> done(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> notYet(String missing) {
      return new Outcome<>(null, missing);
    }
  }

  /** Thrown by a check that can never hold any more (the server it waits for has exited): ends the wait. */
  static final class GiveUp extends IOException {
    GiveUp(String message) {
      super(message);
    }
  }

  private Poll() {}

  /**
   * Asks {@code check} until it holds; an exception from it counts as "not yet" (a server that is
   * restarting refuses connections), except {@link GiveUp}. Throws, with the last reason, once
   * {@code timeout} has passed.
   */
  static <T> T until(Duration timeout, String what, Check<T> check) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "never checked";
    while (true) {
      try {
        Outcome<T> outcome = check.evaluate();
        if (outcome.missing == null) {
          return outcome.value;
        }
        last = outcome.missing;
      } catch (GiveUp e) {
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + what, e);
      } catch (Exception e) {
        last = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("timed out after " + timeout.toMillis() + " ms waiting for " + what + ": " + last);
      }
      pause();
    }
  }

  static void pause() throws IOException {
    try {
      Thread.sleep(INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
