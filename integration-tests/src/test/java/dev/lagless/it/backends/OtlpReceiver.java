package dev.lagless.it.backends;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver inside the test, what an OpenTelemetry Collector would be: on a free port of
 * 127.0.0.1, it accepts {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} with protobuf
 * bodies (gzip or not), decodes them with the protocol's generated classes ({@code opentelemetry-proto})
 * and keeps what arrived as plain records, thread-safe, for the test to wait for and look at.
 *
 * <pre>{@code
 * try (OtlpReceiver otlp = OtlpReceiver.start()) {
 *   // OTEL_EXPORTER_OTLP_ENDPOINT=otlp.endpoint() OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
 *   List<ReceivedSpan> spans = otlp.awaitSpans(s -> s.size() >= 2, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Only {@code http/protobuf} is accepted: a body in JSON is answered 415 and noted in {@link #failures()},
 * so a misconfigured exporter fails the test with a reason rather than a silent timeout.
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final String PROTOBUF = "application/x-protobuf";

  private final HttpServer server;
  /** Guards the lists below; notified on every arrival, so waiting needs no polling. */
  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedMetric> metrics = new ArrayList<>();
  private final List<ReceivedLog> logs = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  @FunctionalInterface
  private interface Parser<T> {
    T parse(byte[] body) throws InvalidProtocolBufferException;
  }

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1, on a port the kernel picks. */
  public static OtlpReceiver start() throws IOException {
    OtlpReceiver receiver = new OtlpReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    receiver.route("/v1/traces", ExportTraceServiceRequest::parseFrom, OtlpDecoder::spans, receiver.spans,
        ExportTraceServiceResponse.getDefaultInstance());
    receiver.route("/v1/metrics", ExportMetricsServiceRequest::parseFrom, OtlpDecoder::metrics, receiver.metrics,
        ExportMetricsServiceResponse.getDefaultInstance());
    receiver.route("/v1/logs", ExportLogsServiceRequest::parseFrom, OtlpDecoder::logs, receiver.logs,
        ExportLogsServiceResponse.getDefaultInstance());
    receiver.server.start();
    return receiver;
  }

  private <R, T> void route(String path, Parser<R> parser, Function<R, List<T>> decoder, List<T> kept,
      MessageLite response) {
    server.createContext(path, exchange -> {
      try {
        receive(exchange, parser, decoder, kept, response);
      } catch (IOException | RuntimeException e) {
        failed(path + ": " + e);
        try {
          reply(exchange, 400, e.toString());
        } catch (IOException | RuntimeException alreadyAnswered) {
          // the status was sent before the failure; the exporter sees a cut response
        }
      } finally {
        exchange.close();
      }
    });
  }

  private <R, T> void receive(HttpExchange exchange, Parser<R> parser, Function<R, List<T>> decoder, List<T> kept,
      MessageLite response) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!exchange.getRequestMethod().equals("POST")) {
      reply(exchange, 405, "POST only");
    } else if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(PROTOBUF)) {
      failed(path + ": Content-Type " + type + ", only " + PROTOBUF + " (OTLP http/protobuf) is accepted");
      reply(exchange, 415, "only " + PROTOBUF);
    } else {
      List<T> decoded = decoder.apply(parser.parse(body(exchange)));
      synchronized (lock) {
        kept.addAll(decoded);
        lock.notifyAll();
      }
      // OTLP/HTTP: 200 with the (here empty: no partial success) response message, in the request's encoding.
      byte[] bytes = response.toByteArray();
      exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
      exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static byte[] body(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream raw = exchange.getRequestBody();
    try (InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
      return in.readAllBytes();
    }
  }

  private static void reply(HttpExchange exchange, int status, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void failed(String failure) {
    synchronized (lock) {
      failures.add(failure);
      lock.notifyAll();
    }
  }

  /** {@code http://127.0.0.1:PORT}: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the exporters append /v1/…). */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Every span received so far, in order of arrival. */
  public List<ReceivedSpan> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  /** Every metric of every export received so far, in order of arrival. */
  public List<ReceivedMetric> metrics() {
    synchronized (lock) {
      return List.copyOf(metrics);
    }
  }

  public List<ReceivedLog> logs() {
    synchronized (lock) {
      return List.copyOf(logs);
    }
  }

  /** Requests that could not be taken (not protobuf, not decodable), each with its path and reason. */
  public List<String> failures() {
    synchronized (lock) {
      return List.copyOf(failures);
    }
  }

  /** Forgets everything received, for a receiver shared by several tests. */
  public void clear() {
    synchronized (lock) {
      spans.clear();
      metrics.clear();
      logs.clear();
      failures.clear();
    }
  }

  /**
   * Waits until the spans received satisfy {@code until}, and returns them; an {@link AssertionError}
   * listing what did arrive when {@code timeout} passes.
   */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> until, Duration timeout)
      throws InterruptedException {
    return await("spans", this::spans, until, timeout);
  }

  /** Waits for the first export of metric {@code name}; returns the newest received. */
  public ReceivedMetric awaitMetric(String name, Duration timeout) throws InterruptedException {
    return awaitMetric(name, metric -> true, timeout);
  }

  /**
   * Waits until an export of metric {@code name} satisfies {@code until} (exporters send cumulative
   * metrics again and again: a later export may hold the awaited value); returns the newest such one.
   */
  public ReceivedMetric awaitMetric(String name, Predicate<ReceivedMetric> until, Duration timeout)
      throws InterruptedException {
    List<ReceivedMetric> matching = await("metric " + name, this::metrics,
        all -> all.stream().anyMatch(m -> m.name().equals(name) && until.test(m)), timeout);
    for (int i = matching.size() - 1; ; i--) {
      ReceivedMetric metric = matching.get(i);
      if (metric.name().equals(name) && until.test(metric)) {
        return metric;
      }
    }
  }

  public List<ReceivedLog> awaitLogs(Predicate<List<ReceivedLog>> until, Duration timeout)
      throws InterruptedException {
    return await("logs", this::logs, until, timeout);
  }

  private <T> List<T> await(String what, Supplier<List<T>> snapshot, Predicate<List<T>> until,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<T> now = snapshot.get();
        if (until.test(now)) {
          return now;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(what + " at " + endpoint() + ": not as awaited within " + timeout.toMillis()
              + " ms; received " + now.size() + ":\n  " + now.stream().map(String::valueOf)
              .reduce((a, b) -> a + "\n  " + b).orElse("(nothing)") + "\nrequests refused: " + failures);
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Stops listening; exchanges in progress are cut. */
  @Override
  public void close() {
    server.stop(0);
  }

  @Override
  public String toString() {
    return "OTLP receiver at " + endpoint();
  }
}
