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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real Prometheus of the Debian package ({@code /usr/bin/prometheus}; {@code .ci/run} installs it) on a
 * free port of 127.0.0.1, scraping one job's targets every second, its data in a temporary directory;
 * queried through its HTTP API.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.scraping(List.of("127.0.0.1:" + appMetricsPort))) {
 *   List<PrometheusServer.Series> series = prometheus.awaitSeries("lagless_routed_total", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {

  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  /** The job of {@link #scraping(List)}: the {@code job} label of every series it scrapes. */
  public static final String DEFAULT_JOB = "lagless";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d+");

  private final ChildProcess process;
  private final int port;
  private final Path directory;
  private final String job;
  private volatile Duration startupTime;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(ChildProcess process, int port, Path directory, String job) {
    this.process = process;
    this.port = port;
    this.directory = directory;
    this.job = job;
  }

  /** One series of a query's result: its labels (with {@code __name__} unless the query dropped it) and value. */
  public record Series(Map<String, String> labels, double value) {

    public String label(String name) {
      return labels.get(name);
    }
  }

  /** Starts Prometheus scraping {@code targets} ({@code 127.0.0.1:PORT}, path /metrics) as job {@value #DEFAULT_JOB}. */
  public static PrometheusServer scraping(List<String> targets) throws IOException, InterruptedException {
    return scraping(DEFAULT_JOB, targets);
  }

  /** Starts Prometheus scraping {@code targets} every second as job {@code job}; returns once it is ready. */
  public static PrometheusServer scraping(String job, List<String> targets) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the Debian package prometheus"
          + " (apt-get install --no-install-recommends prometheus; .ci/run does)");
    }
    for (String target : targets) {
      if (!TARGET.matcher(target).matches()) {
        throw new IllegalArgumentException("not a host:port target: " + target);
      }
    }
    Path directory = Files.createTempDirectory("lagless-prometheus-");
    Path config = directory.resolve("prometheus.yml");
    // scrape_timeout must not exceed scrape_interval; said explicitly rather than left to the defaults.
    Files.writeString(config, "global:\n"
        + "  scrape_interval: 1s\n"
        + "  scrape_timeout: 1s\n"
        + "  evaluation_interval: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: '" + job.replace("'", "''") + "'\n"
        + "    static_configs:\n"
        + "      - targets: [" + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "]\n");
    int port = FreePort.pick();
    List<String> command = List.of(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"),
        // The only socket Prometheus opens.
        "--web.listen-address=127.0.0.1:" + port);
    long started = System.nanoTime();
    ChildProcess process = ChildProcess.start("prometheus", command, Map.of(), directory.resolve("prometheus.log"));
    PrometheusServer server = new PrometheusServer(process, port, directory, job);
    try {
      server.awaitReady();
    } catch (AssertionError | RuntimeException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String tail = process.logTail(40);
      server.close();
      throw new IllegalStateException("Prometheus did not start: " + e.getMessage() + "\nits log ends with:\n" + tail,
          e);
    }
    server.startupTime = Duration.ofNanos(System.nanoTime() - started);
    return server;
  }

  private void awaitReady() throws InterruptedException {
    Polling.until("Prometheus /-/ready", () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prometheus exited while starting");
      }
      return get("/-/ready").statusCode() == 200;
    }, ready -> ready, START_TIMEOUT, Duration.ofMillis(50));
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** Its configuration, data and log; deleted by {@link #close()}. */
  Path directory() {
    return directory;
  }

  /** The {@code job} label of the scraped series. */
  public String job() {
    return job;
  }

  /** From the start of the process to the first ready answer. */
  public Duration startupTime() {
    return startupTime;
  }

  /** {@code http://127.0.0.1:PORT}: the UI and the API. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * The result of the instant query {@code promql} now: one {@link Series} per series (a scalar result is
   * one series without labels; a range vector gives each series' newest sample). An
   * {@link IllegalArgumentException} when Prometheus rejects the query (a test's mistake, not worth waiting
   * for).
   */
  public List<Series> query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode body = JSON.readTree(response.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException("Prometheus rejected " + promql + ": " + body.path("errorType").asText()
          + ": " + body.path("error").asText());
    }
    JsonNode data = body.path("data");
    List<Series> series = new ArrayList<>();
    switch (data.path("resultType").asText()) {
      case "scalar" -> series.add(new Series(Map.of(), value(data.path("result"))));
      case "vector" -> data.path("result").forEach(s -> series.add(new Series(labels(s), value(s.path("value")))));
      case "matrix" -> data.path("result").forEach(s -> {
        JsonNode values = s.path("values");
        series.add(new Series(labels(s), value(values.get(values.size() - 1))));
      });
      default -> throw new IllegalArgumentException("unexpected result of " + promql + ": " + response.body());
    }
    return series;
  }

  /**
   * Asks {@code promql} until it returns at least one series. Allow some seconds: Prometheus 2.42 hands
   * discovered targets to its scrapers on a fixed 5 s tick, so the first scrape comes about 6 s after the start
   * (measured here; ready itself in well under a second), then every second.
   */
  public List<Series> awaitSeries(String promql, Duration timeout) throws InterruptedException {
    return awaitSeries(promql, series -> !series.isEmpty(), timeout);
  }

  /**
   * Asks {@code promql} until its result satisfies {@code until}; when {@code timeout} passes, an
   * {@link AssertionError} with the last result and the health of every target (a target that is down says
   * why: connection refused, a parse error, …).
   */
  public List<Series> awaitSeries(String promql, Predicate<List<Series>> until, Duration timeout)
      throws InterruptedException {
    try {
      return Polling.until("PromQL " + promql, () -> query(promql), until, timeout, Duration.ofMillis(200));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\ntargets: " + targetHealth(), e);
    }
  }

  /** Each target's scrape health and last error, as Prometheus sees them. */
  public String targetHealth() {
    try {
      JsonNode targets = JSON.readTree(get("/api/v1/targets").body()).path("data").path("activeTargets");
      List<String> health = new ArrayList<>();
      targets.forEach(t -> health.add(t.path("scrapeUrl").asText() + " " + t.path("health").asText()
          + (t.path("lastError").asText().isEmpty() ? "" : " (" + t.path("lastError").asText() + ")")));
      return health.toString();
    } catch (IOException e) {
      return "(unavailable: " + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static Map<String, String> labels(JsonNode series) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> label : series.path("metric").properties()) {
      labels.put(label.getKey(), label.getValue().asText());
    }
    return Collections.unmodifiableMap(labels);
  }

  /** A sample is {@code [timestamp, "value"]}; the value a string that may be NaN, +Inf or -Inf. */
  private static double value(JsonNode sample) {
    String text = sample.get(1).asText();
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stops Prometheus by its pid (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
  @Override
  public void close() throws IOException {
    process.stop(STOP_GRACE);
    if (!Files.exists(directory)) {
      return; // closed before
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Override
  public String toString() {
    return "Prometheus at " + baseUrl() + ", " + process;
  }
}
