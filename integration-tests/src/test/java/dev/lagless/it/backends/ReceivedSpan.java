package dev.lagless.it.backends;

import java.util.List;
import java.util.Map;

/**
 * One span as an {@link OtlpReceiver} received it. Ids are lowercase hex, as the OpenTelemetry API prints
 * them; {@code parentSpanId} is empty for a root span (OTLP sends no bytes). {@code kind} is the API's
 * name ({@code CLIENT}, {@code SERVER}, …), {@code statusCode} {@code UNSET}, {@code OK} or {@code ERROR}.
 * Attribute values are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, lists of them, maps
 * (OTLP key-value lists), or hex strings (bytes).
 */
public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, String kind,
    String scopeName, Map<String, Object> resourceAttributes, Map<String, Object> attributes, String statusCode,
    String statusMessage, List<Event> events, long startEpochNanos, long endEpochNanos) {

  /** A span event (an exception recorded on the span is one named {@code exception}). */
  public record Event(String name, Map<String, Object> attributes) {}

  public Object attribute(String key) {
    return attributes.get(key);
  }

  /** The {@code service.name} of the span's resource. */
  public String service() {
    return (String) resourceAttributes.get("service.name");
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  @Override
  public String toString() {
    return kind + " '" + name + "' " + traceId + "/" + spanId + (isRoot() ? "" : " parent " + parentSpanId)
        + " of " + service() + " " + attributes + (statusCode.equals("UNSET") ? "" : " " + statusCode);
  }
}
