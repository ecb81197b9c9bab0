package dev.lagless.it.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real Prometheus of the Debian package ({@code /usr/bin/prometheus}; {@code .ci/run} installs it),
 * on a free port of 127.0.0.1, scraping one target every second; queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path BINARY = Path.of("/usr/bin/prometheus");

  private final Process process;
  private final int port;
  private final Path directory;

  private PrometheusServer(Process process, int port, Path directory) {
    this.process = process;
    this.port = port;
    this.directory = directory;
  }

  static PrometheusServer scraping(String target) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the Debian package prometheus");
    }
    Path directory = Files.createTempDirectory("lagless-prometheus-");
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
        + "  - job_name: lagless-app\n    static_configs:\n      - targets: ['" + target + "']\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(directory.resolve("prometheus.log").toFile()).start();
    PrometheusServer server = new PrometheusServer(process, port, directory);
    server.awaitReady();
    return server;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prometheus exited:\n" + Files.readString(directory.resolve("prometheus.log")));
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100); // polling a starting server, with a deadline
    }
    close();
    throw new IllegalStateException("Prometheus was not ready in 30 s");
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The series an instant query returns (each its labels and value), empty when it returns none. */
  List<JsonNode> query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("Prometheus rejected " + promql + ": " + response.body());
    }
    List<JsonNode> series = new ArrayList<>();
    body.path("data").path("result").forEach(series::add);
    return series;
  }

  /** Polls (with a deadline) until {@code promql} returns a series. */
  List<JsonNode> awaitSeries(String promql, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JsonNode> series = query(promql);
      if (!series.isEmpty() || System.nanoTime() > deadline) {
        return series;
      }
      Thread.sleep(200); // scrapes come every second
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
