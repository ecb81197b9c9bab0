package dev.lagless.it.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The real Zipkin server ({@code io.zipkin:zipkin-server}, the exec jar the build copies to
 * {@code target/zipkin/zipkin-server.jar}) in a child JVM: in-memory storage, 127.0.0.1 only, a free port;
 * its query API read back as traces of {@link Span}s.
 *
 * <pre>{@code
 * try (ZipkinServer zipkin = ZipkinServer.start()) {
 *   // OTEL_TRACES_EXPORTER=zipkin OTEL_EXPORTER_ZIPKIN_ENDPOINT=zipkin.spansEndpoint()
 *   List<List<ZipkinServer.Span>> traces = zipkin.awaitTraces("my-service", t -> t.size() == 1, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class ZipkinServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  /** More traces than any test makes: a query never leaves out the one awaited. */
  private static final int QUERY_LIMIT = 1000;

  private final ChildProcess process;
  private final int port;
  private final Path log;
  private volatile Duration startupTime;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ZipkinServer(ChildProcess process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * One Zipkin v2 span, as the query API returns it: {@code parentId} is null for a root span; Zipkin stores
   * span and service names in lowercase; {@code kind} is {@code CLIENT}, {@code SERVER}, … or null.
   */
  public record Span(String traceId, String id, String parentId, String name, String kind, long timestampMicros,
      long durationMicros, String localServiceName, Endpoint remoteEndpoint, Map<String, String> tags) {

    public String tag(String key) {
      return tags.get(key);
    }
  }

  /** A span's remote endpoint (for a database client span: the server that ran the statement). */
  public record Endpoint(String serviceName, String ipv4, String ipv6, Integer port) {}

  /** The exec jar the build copied ({@code lagless.it.zipkinJar}). */
  static Path jar() {
    Path jar = Path.of(System.getProperty("lagless.it.zipkinJar", "target/zipkin/zipkin-server.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests through Maven, which copies the Zipkin"
          + " server there (maven-dependency-plugin, execution zipkin-server)");
    }
    return jar.toAbsolutePath();
  }

  /** Starts Zipkin on the JDK running the tests and returns once its {@code /health} says UP. */
  public static ZipkinServer start() throws IOException, InterruptedException {
    int port = FreePort.pick();
    Path log = Files.createTempFile("lagless-zipkin-", ".log");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A server for a few spans: a small heap, one GC thread, and the quick C1 compiler only (about
        // 0.6 s of its 3 to 4 s start-up saved on two cores, measured).
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-jar", jar().toString(),
        // Zipkin 3 serves everything (API, UI, /health, collectors) on Armeria, configured from the
        // Spring property list armeria.ports (zipkin-server-shared.yml: one port, ${server.port}, every
        // interface). Spring binds a list from one property source only, so the whole entry is given here,
        // with ip: Armeria then binds 127.0.0.1 alone (checked by ZipkinServerTest through /proc/net).
        "--armeria.ports[0].ip=127.0.0.1",
        "--armeria.ports[0].port=" + port,
        "--armeria.ports[0].protocols[0]=http");
    long started = System.nanoTime();
    ChildProcess process = ChildProcess.start("zipkin", command,
        // QUERY_PORT sets server.port, which the rest of Zipkin's configuration refers to.
        Map.of("STORAGE_TYPE", "mem", "QUERY_PORT", Integer.toString(port)), log);
    ZipkinServer server = new ZipkinServer(process, port, log);
    try {
      server.awaitHealthy();
    } catch (AssertionError | RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String tail = process.logTail(40);
      server.close();
      throw new IllegalStateException("Zipkin did not start: " + e.getMessage() + "\nits log ends with:\n" + tail, e);
    }
    server.startupTime = Duration.ofNanos(System.nanoTime() - started);
    return server;
  }

  private void awaitHealthy() throws InterruptedException {
    Polling.until("Zipkin /health UP", () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("Zipkin exited while starting");
      }
      HttpResponse<String> health = get("/health");
      return health.statusCode() == 200 && JSON.readTree(health.body()).path("status").asText().equals("UP");
    }, up -> up, START_TIMEOUT, Duration.ofMillis(50));
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** From the start of the JVM to the first healthy answer. */
  public Duration startupTime() {
    return startupTime;
  }

  /** {@code http://127.0.0.1:PORT}: the UI and the API. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Where exporters POST spans ({@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}): v2 JSON, v2 protobuf or v1 thrift. */
  public String spansEndpoint() {
    return baseUrl() + "/api/v2/spans";
  }

  /**
   * The traces Zipkin has stored with a span of {@code serviceName} (in the last day), each a list of its
   * spans, in the order Zipkin returns them. Zipkin lowercases service names when it stores them; so does
   * this query.
   */
  public List<List<Span>> traces(String serviceName) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v2/traces?limit=" + QUERY_LIMIT + "&serviceName="
        + URLEncoder.encode(serviceName, StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("Zipkin answered " + response.statusCode() + ": " + response.body());
    }
    List<List<Span>> traces = new ArrayList<>();
    for (JsonNode trace : JSON.readTree(response.body())) {
      List<Span> spans = new ArrayList<>();
      trace.forEach(span -> spans.add(span(span)));
      traces.add(spans);
    }
    return traces;
  }

  /**
   * Asks for the traces of {@code serviceName} until they satisfy {@code until}, and returns them: Zipkin
   * stores spans as exporters send them, in batches, some time after the work is done. When
   * {@code timeout} passes, an {@link AssertionError} shows the traces last seen.
   */
  public List<List<Span>> awaitTraces(String serviceName, Predicate<List<List<Span>>> until, Duration timeout)
      throws InterruptedException {
    return Polling.until("traces of " + serviceName + " in Zipkin", () -> traces(serviceName), until, timeout,
        Duration.ofMillis(100));
  }

  private static Span span(JsonNode span) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> tag : span.path("tags").properties()) {
      tags.put(tag.getKey(), tag.getValue().asText());
    }
    JsonNode remote = span.get("remoteEndpoint");
    Endpoint remoteEndpoint = remote == null ? null : new Endpoint(text(remote, "serviceName"), text(remote, "ipv4"),
        text(remote, "ipv6"), remote.has("port") ? remote.get("port").asInt() : null);
    return new Span(span.path("traceId").asText(), span.path("id").asText(), text(span, "parentId"),
        text(span, "name"), text(span, "kind"), span.path("timestamp").asLong(), span.path("duration").asLong(),
        text(span.path("localEndpoint"), "serviceName"), remoteEndpoint, Collections.unmodifiableMap(tags));
  }

  private static String text(JsonNode node, String field) {
    return Optional.ofNullable(node.get(field)).filter(JsonNode::isValueNode).map(JsonNode::asText).orElse(null);
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the server by its pid (SIGTERM, then SIGKILL after 10 s) and deletes its log. */
  @Override
  public void close() throws IOException {
    process.stop(STOP_GRACE);
    Files.deleteIfExists(log);
  }

  @Override
  public String toString() {
    return "Zipkin at " + baseUrl() + ", " + process;
  }
}
