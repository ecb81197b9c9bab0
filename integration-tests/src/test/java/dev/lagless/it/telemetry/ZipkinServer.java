package dev.lagless.it.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The real Zipkin server (the {@code io.zipkin:zipkin-server} exec jar the build copies to
 * {@code target/zipkin}), in-memory storage, in a child JVM bound to 127.0.0.1 on a free port; its query
 * API read back as traces of spans.
 */
final class ZipkinServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;

  private ZipkinServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ZipkinServer start() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("lagless.it.zipkinJar", "target/zipkin/zipkin-server.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests through Maven (it copies the Zipkin server)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("zipkin-", ".log");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
        "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port, "--armeria.ports[0].protocols[0]=http")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("STORAGE_TYPE", "mem");
    builder.environment().put("QUERY_PORT", String.valueOf(port));
    builder.environment().put("JAVA_OPTS", "");
    ZipkinServer server = new ZipkinServer(builder.start(), port, log);
    server.awaitHealthy();
    return server;
  }

  private void awaitHealthy() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Zipkin exited while starting:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("UP")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100); // polling a server that is starting, with a deadline
    }
    close();
    throw new IllegalStateException("Zipkin did not start in " + START_TIMEOUT + ":\n" + Files.readString(log));
  }

  int port() {
    return port;
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Where an exporter sends spans ({@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}). */
  String spansEndpoint() {
    return base() + "/api/v2/spans";
  }

  /** One Zipkin span. */
  record Span(String traceId, String id, String parentId, String name, String kind, String service,
      Integer remotePort, JsonNode tags) {
    String tag(String key) {
      JsonNode value = tags == null ? null : tags.get(key);
      return value == null ? null : value.asText();
    }
  }

  /** The traces Zipkin has for {@code service}, each a list of spans. */
  List<List<Span>> traces(String service) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base()
        + "/api/v2/traces?limit=1000&lookback=3600000&serviceName=" + service)).build(), HttpResponse.BodyHandlers.ofString());
    List<List<Span>> traces = new ArrayList<>();
    if (response.statusCode() != 200) {
      return traces;
    }
    for (JsonNode trace : JSON.readTree(response.body())) {
      List<Span> spans = new ArrayList<>();
      for (JsonNode span : trace) {
        JsonNode remote = span.get("remoteEndpoint");
        spans.add(new Span(span.path("traceId").asText(), span.path("id").asText(),
            span.hasNonNull("parentId") ? span.get("parentId").asText() : null, span.path("name").asText(),
            span.path("kind").asText(null), span.path("localEndpoint").path("serviceName").asText(null),
            remote != null && remote.has("port") ? remote.get("port").asInt() : null, span.get("tags")));
      }
      traces.add(spans);
    }
    return traces;
  }

  /** Polls (with a deadline) until the traces of {@code service} satisfy {@code until}; spans arrive in batches. */
  List<List<Span>> awaitTraces(String service, Predicate<List<List<Span>>> until, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<List<Span>> traces = traces(service);
      if (until.test(traces) || System.nanoTime() > deadline) {
        return traces;
      }
      Thread.sleep(100); // polling the backend, with a deadline
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a temporary log file
    }
  }
}
