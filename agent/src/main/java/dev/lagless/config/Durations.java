package dev.lagless.config;

import java.time.Duration;

/** Formats durations the way users write them in settings: 50ms, 5s, 2min. */
public final class Durations {
  private Durations() {}

  /** Parses what users write ({@code 200ms}, {@code 10s}, {@code 2min}); null when it is none of those. */
  public static Duration parse(String value) {
    return Values.tryParseDuration(value);
  }

  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos % 3_600_000_000_000L == 0 && nanos != 0) {
      return nanos / 3_600_000_000_000L + "h";
    }
    if (nanos % 60_000_000_000L == 0 && nanos != 0) {
      return nanos / 60_000_000_000L + "min";
    }
    if (nanos % 1_000_000_000L == 0 && nanos != 0) {
      return nanos / 1_000_000_000L + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return nanos / 1_000_000L + "ms";
    }
    return nanos / 1_000L + "us";
  }
}
