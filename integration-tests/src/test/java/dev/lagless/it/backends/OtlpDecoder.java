package dev.lagless.it.backends;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP export requests (the protocol's generated classes) turned into the receiver's plain records. */
final class OtlpDecoder {
  private OtlpDecoder() {}

  static List<ReceivedSpan> spans(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (var resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (var scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (var span : scopeSpans.getSpansList()) {
          List<ReceivedSpan.Event> events = new ArrayList<>();
          span.getEventsList().forEach(e -> events.add(new ReceivedSpan.Event(e.getName(),
              attributes(e.getAttributesList()))));
          spans.add(new ReceivedSpan(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
              span.getName(), span.getKind().name().replaceFirst("^SPAN_KIND_", ""), scope, resource,
              attributes(span.getAttributesList()), span.getStatus().getCode().name().replaceFirst("^STATUS_CODE_", ""),
              span.getStatus().getMessage(), List.copyOf(events), span.getStartTimeUnixNano(),
              span.getEndTimeUnixNano()));
        }
      }
    }
    return spans;
  }

  static List<ReceivedMetric> metrics(ExportMetricsServiceRequest request) {
    List<ReceivedMetric> metrics = new ArrayList<>();
    for (var resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource = attributes(resourceMetrics.getResource().getAttributesList());
      for (var scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        String scope = scopeMetrics.getScope().getName();
        for (Metric metric : scopeMetrics.getMetricsList()) {
          metrics.add(new ReceivedMetric(metric.getName(), metric.getDescription(), metric.getUnit(),
              metric.getDataCase().name(), scope, resource, List.copyOf(points(metric))));
        }
      }
    }
    return metrics;
  }

  private static List<ReceivedMetric.DataPoint> points(Metric metric) {
    List<ReceivedMetric.DataPoint> points = new ArrayList<>();
    switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> points.add(number(p)));
      case SUM -> metric.getSum().getDataPointsList().forEach(p -> points.add(number(p)));
      case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(p -> points.add(new ReceivedMetric.DataPoint(
          attributes(p.getAttributesList()), Double.NaN, p.getCount(), p.getSum())));
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().forEach(p -> points.add(
          new ReceivedMetric.DataPoint(attributes(p.getAttributesList()), Double.NaN, p.getCount(), p.getSum())));
      case SUMMARY -> metric.getSummary().getDataPointsList().forEach(p -> points.add(new ReceivedMetric.DataPoint(
          attributes(p.getAttributesList()), Double.NaN, p.getCount(), p.getSum())));
      default -> { } // DATA_NOT_SET: a metric without data, kept without points
    }
    return points;
  }

  private static ReceivedMetric.DataPoint number(NumberDataPoint point) {
    double value = point.hasAsInt() ? point.getAsInt() : point.getAsDouble();
    return new ReceivedMetric.DataPoint(attributes(point.getAttributesList()), value, 0, Double.NaN);
  }

  static List<ReceivedLog> logs(ExportLogsServiceRequest request) {
    List<ReceivedLog> logs = new ArrayList<>();
    for (var resourceLogs : request.getResourceLogsList()) {
      Map<String, Object> resource = attributes(resourceLogs.getResource().getAttributesList());
      for (var scopeLogs : resourceLogs.getScopeLogsList()) {
        String scope = scopeLogs.getScope().getName();
        for (var log : scopeLogs.getLogRecordsList()) {
          logs.add(new ReceivedLog(String.valueOf(value(log.getBody())), log.getSeverityText(),
              log.getSeverityNumberValue(), hex(log.getTraceId()), hex(log.getSpanId()), scope, resource,
              attributes(log.getAttributesList())));
        }
      }
    }
    return logs;
  }

  /** In the order sent; values may be null (an attribute sent without a value), hence no Map.copyOf. */
  private static Map<String, Object> attributes(List<KeyValue> list) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BOOL_VALUE -> value.getBoolValue();
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpDecoder::value).toList();
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      case BYTES_VALUE -> hex(value.getBytesValue());
      case VALUE_NOT_SET -> null;
      default -> value.toString();
    };
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
