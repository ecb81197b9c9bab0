package dev.lagless.it.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry SDK's own OTLP/HTTP exporters send to {@link OtlpReceiver}, which decodes what they sent. */
class OtlpReceiverTest {

  private static final String SERVICE = "lagless-backends-test";
  private static final String SCOPE = "dev.lagless.it.backends";
  private static final Resource RESOURCE = Resource.getDefault()
      .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE)));
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  @SuppressWarnings("try") // the scope is unused in its body, yet it is what makes the request the parent
  void decodesSpansFromTheSdkExporter() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      assertEquals(Set.of("127.0.0.1"), ListeningSockets.addresses(otlp.port()), "listens on 127.0.0.1 alone");
      SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(RESOURCE)
          .addSpanProcessor(SimpleSpanProcessor.create(
              OtlpHttpSpanExporter.builder().setEndpoint(otlp.endpoint() + "/v1/traces").build()))
          .build();
      Span request;
      Span statement;
      try {
        Tracer tracer = tracing.get(SCOPE);
        request = tracer.spanBuilder("GET /profile").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
          statement = tracer.spanBuilder("SELECT lagless").setSpanKind(SpanKind.CLIENT)
              .setAttribute("lagless.route", "replica")
              .setAttribute("server.port", 5433L)
              .setAttribute("lagless.ryow.fallback", false)
              .startSpan();
          statement.setStatus(StatusCode.ERROR, "replica gone");
          statement.end();
        } finally {
          request.end();
        }
      } finally {
        tracing.shutdown().join(10, TimeUnit.SECONDS);
      }

      List<ReceivedSpan> spans = otlp.awaitSpans(received -> received.size() == 2, TIMEOUT);
      ReceivedSpan server = spans.stream().filter(s -> s.name().equals("GET /profile")).findFirst().orElseThrow();
      ReceivedSpan client = spans.stream().filter(s -> s.name().equals("SELECT lagless")).findFirst().orElseThrow();
      assertEquals(request.getSpanContext().getTraceId(), server.traceId());
      assertEquals(request.getSpanContext().getSpanId(), server.spanId());
      assertTrue(server.isRoot(), server::toString);
      assertEquals("SERVER", server.kind());
      assertEquals("UNSET", server.statusCode());

      assertEquals(statement.getSpanContext().getTraceId(), client.traceId());
      assertEquals(statement.getSpanContext().getSpanId(), client.spanId());
      assertEquals(server.spanId(), client.parentSpanId());
      assertEquals("CLIENT", client.kind());
      assertEquals(SCOPE, client.scopeName());
      assertEquals(Map.of("lagless.route", "replica", "server.port", 5433L, "lagless.ryow.fallback", false),
          client.attributes());
      assertEquals("ERROR", client.statusCode());
      assertEquals("replica gone", client.statusMessage());
      assertEquals(SERVICE, client.service());
      assertEquals("java", client.resourceAttributes().get("telemetry.sdk.language"));
      assertTrue(client.endEpochNanos() >= client.startEpochNanos(), client::toString);
      assertEquals(List.of(), otlp.failures());
    }
  }

  @Test
  void decodesGzippedMetricsFromTheSdkExporter() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      // An interval of an hour: the only export is the flush below.
      SdkMeterProvider metering = SdkMeterProvider.builder().setResource(RESOURCE)
          .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
              .setEndpoint(otlp.endpoint() + "/v1/metrics").setCompression("gzip").build())
              .setInterval(Duration.ofHours(1)).build())
          .build();
      try {
        var meter = metering.get(SCOPE);
        meter.counterBuilder("lagless.test.routed").setUnit("{statement}").build()
            .add(3, Attributes.of(AttributeKey.stringKey("lagless.route"), "replica"));
        var duration = meter.histogramBuilder("lagless.test.duration").setUnit("s").build();
        duration.record(0.25);
        duration.record(0.75);
        assertTrue(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "the export was answered 200");
      } finally {
        metering.shutdown().join(10, TimeUnit.SECONDS);
      }

      ReceivedMetric routed = otlp.awaitMetric("lagless.test.routed", TIMEOUT);
      assertEquals("SUM", routed.type());
      assertEquals("{statement}", routed.unit());
      assertEquals(SERVICE, routed.service());
      assertEquals(1, routed.points().size(), routed::toString);
      assertEquals(3.0, routed.points().get(0).value());
      assertEquals(Map.of("lagless.route", "replica"), routed.points().get(0).attributes());

      ReceivedMetric duration = otlp.awaitMetric("lagless.test.duration", TIMEOUT);
      assertEquals("HISTOGRAM", duration.type());
      assertEquals(2, duration.points().get(0).count());
      assertEquals(1.0, duration.points().get(0).sum());
      assertEquals(List.of(), otlp.failures());
    }
  }

  @Test
  void refusesJsonBodiesAndSaysWhy() throws Exception {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(otlp.endpoint() + "/v1/traces")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(415, response.statusCode());
      assertEquals(1, otlp.failures().size(), otlp.failures()::toString);
      assertTrue(otlp.failures().get(0).contains("application/json"), otlp.failures()::toString);
      assertEquals(List.of(), otlp.spans());
    }
  }
}
