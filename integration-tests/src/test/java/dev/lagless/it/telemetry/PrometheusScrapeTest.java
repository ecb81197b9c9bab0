package dev.lagless.it.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.ForkedJvm;
import dev.lagless.it.ProfileWebApps;
import dev.lagless.it.backends.PrometheusServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Lagless alone with {@code OTEL_METRICS_EXPORTER=prometheus}: a real Prometheus scrapes the
 * application's {@code /metrics} while it serves requests; the golden-signal series are there, and
 * every query of the Grafana dashboard (docs/grafana) returns data. The dashboard's own structure is
 * checked too: unique panel ids, panels inside the 24-column grid and not overlapping, every target a
 * query with a refId.
 */
class PrometheusScrapeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Path DASHBOARD = Path.of("../docs/grafana/lagless-golden-signals.json");

  @Test
  void prometheusScrapesTheGoldenSignalsAndEveryDashboardQueryHasData() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> queries = checkedQueries(dashboard);
    int metricsPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      metricsPort = socket.getLocalPort();
    }
    try (LocalCluster cluster = LocalCluster.builder().replicas(2).redis(false).start()) {
      // An empty name violates the CHECK (SQLSTATE 23514): the errors the dashboard's error panels show.
      cluster.setUpAsApp("CREATE TABLE profiles (user_id text PRIMARY KEY, name text NOT NULL CHECK (name <> ''))");
      ForkedJvm jvm = ProfileWebApps.withReplicas(ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent(), cluster)
          .env("OTEL_METRICS_EXPORTER", "prometheus").env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
          .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(metricsPort)).env("OTEL_SERVICE_NAME", "profile-prom");
      ForkedJvm.Running app = ProfileWebApps.start(jvm, cluster);
      try (PrometheusServer prometheus = PrometheusServer.scraping(List.of("127.0.0.1:" + metricsPort))) {
        int port = ProfileWebApps.port(app);
        // Traffic of every kind the dashboard shows: writes, replica reads, reads after writes, and a
        // failing statement (an empty name).
        for (int i = 0; i < 5; i++) {
          post(port, "/profile", "user=p" + i + "&name=n" + i);
          get(port, "/dashboard?user=p" + i);
        }
        HttpResponse<String> failed = post(port, "/profile", "user=bad&name=");
        // A browser (it keeps the lagless_lsn cookie) reads its own write while replay is paused: the
        // read goes to the primary (ryow_fallback), which the dashboard's fallback panel shows.
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        cluster.replica(0).pauseReplay();
        cluster.replica(1).pauseReplay();
        try {
          browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/profile"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("user=b&name=browser")).build(), HttpResponse.BodyHandlers.ofString());
          String page = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard?user=b"))
              .build(), HttpResponse.BodyHandlers.ofString()).body();
          assertEquals("name=browser port=" + cluster.primary().port(), page);
        } finally {
          cluster.replica(0).resumeReplay();
          cluster.replica(1).resumeReplay();
        }
        List<String> missing = new ArrayList<>();
        for (String query : queries) {
          // Rates need two scrapes of a series: keep traffic flowing while waiting.
          long deadline = System.nanoTime() + WAIT.toNanos();
          List<PrometheusServer.Series> series = prometheus.query(query);
          while (series.isEmpty() && System.nanoTime() < deadline) {
            get(port, "/dashboard?user=p0");
            post(port, "/profile", "user=p1&name=again");
            post(port, "/profile", "user=bad&name=");
            series = prometheus.query(query);
          }
          if (series.isEmpty()) {
            missing.add(query);
          }
        }
        assertEquals(List.of(), missing, "dashboard queries without data (error request answered "
            + failed.statusCode() + ")");
        Set<String> routes = new HashSet<>();
        prometheus.query("lagless_routed_total").forEach(s -> routes.add(s.label("lagless_route")));
        assertEquals(Set.of("primary", "replica"), routes, "both routes counted");
        List<PrometheusServer.Series> lag = prometheus.query("lagless_replica_lag_bytes");
        assertEquals(2, lag.size(), "one lag series per replica: " + lag);
      } finally {
        app.kill();
      }
    }
  }

  private static HttpResponse<String> post(int port, String path, String form) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void get(int port, String path) throws Exception {
    HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The dashboard's structure, checked; its queries with the {@code $job} variable as "any job". */
  static List<String> checkedQueries(JsonNode dashboard) {
    assertEquals("lagless-golden-signals", dashboard.path("uid").asText());
    assertTrue(dashboard.path("schemaVersion").asInt() >= 36, "a current Grafana schema");
    assertTrue(dashboard.path("templating").path("list").size() >= 2, "datasource and job variables");
    Set<Integer> ids = new HashSet<>();
    List<int[]> boxes = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    Set<String> rows = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertTrue(ids.add(panel.path("id").asInt()), "unique panel id: " + panel.path("id"));
      assertFalse(panel.path("title").asText().isEmpty(), "every panel has a title");
      JsonNode grid = panel.path("gridPos");
      int[] box = {grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(), grid.path("h").asInt()};
      assertTrue(box[2] > 0 && box[3] > 0 && box[0] + box[2] <= 24, "inside the 24-column grid: " + panel.path("title"));
      for (int[] other : boxes) {
        boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
        assertFalse(overlap, "panels overlap: " + panel.path("title"));
      }
      boxes.add(box);
      if ("row".equals(panel.path("type").asText())) {
        rows.add(panel.path("title").asText());
        continue;
      }
      assertTrue(panel.path("targets").size() > 0, "a panel with queries: " + panel.path("title"));
      for (JsonNode target : panel.path("targets")) {
        assertFalse(target.path("refId").asText().isEmpty());
        queries.add(target.path("expr").asText().replace("\"$job\"", "\".*\""));
      }
    }
    assertTrue(rows.containsAll(Set.of("Traffic", "Latency", "Errors", "Saturation")), "the four golden signals: " + rows);
    return queries;
  }
}
