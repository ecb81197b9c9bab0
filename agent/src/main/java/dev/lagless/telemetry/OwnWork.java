package dev.lagless.telemetry;

import java.util.concurrent.Callable;

/**
 * Lagless's own database work (the monitor's polls, token queries, the replica pools' connection
 * upkeep) must not appear as the application's database spans. Beside the OpenTelemetry Java agent,
 * that work runs with instrumentation suppressed (the API's {@code InstrumentationUtil}, which that
 * agent bridges); alone there is nothing to suppress.
 */
public final class OwnWork {

  private static final boolean SUPPRESS = OtelJavaAgent.attached();

  private OwnWork() {}

  /** Runs {@code work} unseen by the OpenTelemetry Java agent's instrumentation. */
  public static void run(Runnable work) {
    if (!SUPPRESS) {
      work.run();
      return;
    }
    boolean[] ran = {false};
    try {
      io.opentelemetry.api.impl.InstrumentationUtil.suppressInstrumentation(() -> {
        ran[0] = true;
        work.run();
      });
    } catch (LinkageError e) {
      if (!ran[0]) {
        work.run(); // the API could not be used: the work matters more than a stray span
      }
    }
  }

  /** {@link #run} for work with a result or a checked exception. */
  public static <T, E extends Exception> T call(Callable<T> work, Class<E> thrown) throws E {
    Object[] result = new Object[1];
    Exception[] failure = new Exception[1];
    run(() -> {
      try {
        result[0] = work.call();
      } catch (Exception e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      if (thrown.isInstance(failure[0])) {
        throw thrown.cast(failure[0]);
      }
      if (failure[0] instanceof RuntimeException) {
        throw (RuntimeException) failure[0];
      }
      throw new IllegalStateException(failure[0]);
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }
}
