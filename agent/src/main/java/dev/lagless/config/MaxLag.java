package dev.lagless.config;

import java.time.Duration;

/** {@code LAGLESS_MAX_LAG}: a replica further behind than this, in time or in WAL bytes, gets no reads. */
public final class MaxLag {

  private final Duration time;
  private final long bytes;

  private MaxLag(Duration time, long bytes) {
    this.time = time;
    this.bytes = bytes;
  }

  public static MaxLag ofTime(Duration time) {
    return new MaxLag(time, -1);
  }

  public static MaxLag ofBytes(long bytes) {
    return new MaxLag(null, bytes);
  }

  static MaxLag parse(String value) throws InvalidSettingException {
    Duration time = Values.tryParseDuration(value);
    if (time != null && !time.isZero()) {
      return ofTime(time);
    }
    long bytes = Values.tryParseSize(value);
    if (bytes > 0) {
      return ofBytes(bytes);
    }
    throw new InvalidSettingException("expected a positive " + Values.DURATION_FORMS + ", or a " + Values.SIZE_FORMS);
  }

  public boolean isTime() {
    return time != null;
  }

  /** The time limit; only when {@link #isTime()}. */
  public Duration time() {
    return time;
  }

  /** The byte limit; only when not {@link #isTime()}. */
  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    if (isTime()) {
      return Durations.format(time);
    }
    if (bytes % (1L << 30) == 0) {
      return bytes / (1L << 30) + "GB";
    }
    if (bytes % (1L << 20) == 0) {
      return bytes / (1L << 20) + "MB";
    }
    if (bytes % (1L << 10) == 0) {
      return bytes / (1L << 10) + "kB";
    }
    return bytes + "B";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaxLag && ((MaxLag) o).bytes == bytes && java.util.Objects.equals(((MaxLag) o).time, time);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(time, bytes);
  }
}
