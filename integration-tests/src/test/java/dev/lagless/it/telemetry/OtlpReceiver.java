package dev.lagless.it.telemetry;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver for tests ({@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}, protobuf,
 * gzip or not) on a free port of 127.0.0.1: what an OpenTelemetry Collector would receive, decoded
 * with the protocol's own generated classes and kept for the test to look at.
 */
final class OtlpReceiver implements AutoCloseable {

  /** One span as received: ids in hex, its service, its attributes. */
  record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
      Map<String, Object> attributes, List<String> events, boolean error) {
    Object attribute(String key) {
      return attributes.get(key);
    }
  }

  /** One data point of a metric: its attributes and (for sums and gauges) value, (for histograms) count. */
  record ReceivedPoint(String service, String metric, String unit, Map<String, Object> attributes, double value,
      long count) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedPoint> points = new ArrayList<>();

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      byte[] body = body(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Encoding"));
      receivedTraces(ExportTraceServiceRequest.parseFrom(body));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/v1/metrics", exchange -> {
      byte[] body = body(exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Encoding"));
      receivedMetrics(ExportMetricsServiceRequest.parseFrom(body));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.createContext("/v1/logs", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}, as {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<ReceivedSpan> spans(String service) {
    return spans.stream().filter(s -> s.service().equals(service)).toList();
  }

  synchronized List<ReceivedPoint> points(String service, String metric) {
    return points.stream().filter(p -> p.service().equals(service) && p.metric().equals(metric)).toList();
  }

  /** Waits (polling, with a deadline) until the spans of {@code service} satisfy {@code until}. */
  List<ReceivedSpan> awaitSpans(String service, Predicate<List<ReceivedSpan>> until, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> now = spans(service);
      if (until.test(now) || System.nanoTime() > deadline) {
        return now;
      }
      synchronized (this) {
        wait(50);
      }
    }
  }

  /** Waits until {@code metric} of {@code service} has data points satisfying {@code until}. */
  List<ReceivedPoint> awaitPoints(String service, String metric, Predicate<List<ReceivedPoint>> until,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedPoint> now = points(service, metric);
      if (until.test(now) || System.nanoTime() > deadline) {
        return now;
      }
      synchronized (this) {
        wait(50);
      }
    }
  }

  private static byte[] body(InputStream in, String encoding) throws IOException {
    try (InputStream body = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in) {
      return body.readAllBytes();
    }
  }

  private synchronized void receivedTraces(ExportTraceServiceRequest request) {
    for (var resourceSpans : request.getResourceSpansList()) {
      String service = String.valueOf(attributes(resourceSpans.getResource().getAttributesList()).get("service.name"));
      for (var scopeSpans : resourceSpans.getScopeSpansList()) {
        for (var span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
              span.getName(), span.getKind().name(), attributes(span.getAttributesList()),
              span.getEventsList().stream().map(e -> e.getName()).toList(),
              span.getStatus().getCode().getNumber() == 2));
        }
      }
    }
    notifyAll();
  }

  private synchronized void receivedMetrics(ExportMetricsServiceRequest request) {
    for (var resourceMetrics : request.getResourceMetricsList()) {
      String service = String.valueOf(attributes(resourceMetrics.getResource().getAttributesList()).get("service.name"));
      for (var scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (var metric : scopeMetrics.getMetricsList()) {
          switch (metric.getDataCase()) {
            case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(p -> points.add(new ReceivedPoint(
                service, metric.getName(), metric.getUnit(), attributes(p.getAttributesList()), p.getSum(), p.getCount())));
            case SUM -> metric.getSum().getDataPointsList().forEach(p -> points.add(new ReceivedPoint(service,
                metric.getName(), metric.getUnit(), attributes(p.getAttributesList()),
                p.hasAsInt() ? p.getAsInt() : p.getAsDouble(), 1)));
            case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> points.add(new ReceivedPoint(service,
                metric.getName(), metric.getUnit(), attributes(p.getAttributesList()),
                p.hasAsInt() ? p.getAsInt() : p.getAsDouble(), 1)));
            default -> { }
          }
        }
      }
    }
    notifyAll();
  }

  private static Map<String, Object> attributes(List<KeyValue> list) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BOOL_VALUE -> v.getBoolValue();
      default -> v.toString();
    };
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
