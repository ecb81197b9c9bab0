package dev.lagless.it.backends;

import java.util.List;
import java.util.Map;

/**
 * One metric of one export, as an {@link OtlpReceiver} received it: {@code type} is {@code GAUGE},
 * {@code SUM}, {@code HISTOGRAM}, {@code EXPONENTIAL_HISTOGRAM} or {@code SUMMARY}. A cumulative metric is
 * sent again on every export, so the newest one received holds the totals.
 */
public record ReceivedMetric(String name, String description, String unit, String type, String scopeName,
    Map<String, Object> resourceAttributes, List<DataPoint> points) {

  /**
   * One data point: for a gauge or sum its {@code value} ({@code count} 0, {@code sum} NaN); for a
   * histogram or summary its {@code count} and {@code sum} ({@code value} NaN).
   */
  public record DataPoint(Map<String, Object> attributes, double value, long count, double sum) {

    public Object attribute(String key) {
      return attributes.get(key);
    }
  }

  /** The {@code service.name} of the metric's resource. */
  public String service() {
    return (String) resourceAttributes.get("service.name");
  }

  @Override
  public String toString() {
    return type + " " + name + " [" + unit + "] of " + service() + " " + points;
  }
}
