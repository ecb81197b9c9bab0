package dev.lagless.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard docs/grafana/lagless-golden-signals.json, checked without Grafana or
 * Prometheus: its structure (importable: ids, grid, variables, data source), its PromQL (balanced,
 * and only the series and labels the agent exports, as the OpenTelemetry Prometheus exporter names
 * them), and that it shows each golden signal. {@link #exportedSeriesAreWhatThePrometheusExporterMakesOfTheAgentsInstruments}
 * checks {@link #EXPORTED_SERIES} itself against the real exporter. That every query has data when a
 * real Prometheus scrapes a running agent is integration-tests' PrometheusScrapeTest.
 */
class GrafanaDashboardTest {

  /**
   * Every series the agent's metrics become in Prometheus, with the labels each carries (besides the
   * {@code job}/{@code instance} Prometheus adds when it scrapes, the exporter's
   * {@code otel_scope_name}/{@code otel_scope_version}, and a histogram bucket's {@code le}).
   * opentelemetry-exporter-prometheus 1.63 (Otel2PrometheusConverter, PrometheusUnitsHelper,
   * client_java 1.5 PrometheusNaming and text writers): dots and other characters outside
   * {@code [a-zA-Z0-9_:]} become "_" in metric and label names; the unit is appended as a suffix
   * ({@code s} "seconds", {@code By} "bytes"), unless the name already ends with it; curly-brace
   * annotations ({@code {statement}}, {@code {connection}}, {@code {request}}) are dropped, leaving no
   * unit; counters get {@code _total}; histograms are {@code _bucket}, {@code _count} and {@code _sum};
   * gauges and up-down counters keep the bare name. The instruments are the agent's (Telemetry,
   * PoolMetrics); update this map when they change.
   */
  static final Map<String, Set<String>> EXPORTED_SERIES;

  static {
    Set<String> duration = Set.of("db_system_name", "db_namespace", "lagless_route", "server_address",
        "server_port", "error_type");
    Set<String> ryow = Set.of("lagless_route", "lagless_reason");
    Set<String> replica = Set.of("server_address", "server_port");
    Set<String> pool = Set.of("db_client_connection_pool_name");
    Map<String, Set<String>> series = new TreeMap<>();
    histogram(series, "db_client_operation_duration_seconds", duration);
    series.put("lagless_routed_total", Set.of("lagless_route", "lagless_reason"));
    histogram(series, "lagless_ryow_wait_seconds", ryow);
    series.put("lagless_replica_lag_seconds", replica);
    series.put("lagless_replica_lag_bytes", replica);
    series.put("db_client_connection_count", Set.of("db_client_connection_pool_name", "db_client_connection_state"));
    series.put("db_client_connection_max", pool);
    series.put("db_client_connection_pending_requests", pool);
    histogram(series, "db_client_connection_wait_time_seconds", pool);
    EXPORTED_SERIES = Collections.unmodifiableMap(series);
  }

  /** Labels every series has in Prometheus beyond its own; {@code le} only on {@code _bucket} series. */
  private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

  /** Panel types the dashboard uses besides rows. */
  private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat");

  /** Word of a golden signal (or Lagless's own section) -> it must name a row or a panel showing it. */
  private static final List<String> SECTIONS = List.of("traffic", "latency", "error", "saturation",
      "read-your-own-writes");

  /** A Prometheus query variable's {@code label_values(series selector, label)}. */
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\(\\s*(.+)\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}");

  private final Map<String, Object> dashboard = GrafanaDashboard.load(GrafanaDashboard.FROM_AGENT_MODULE);

  private static void histogram(Map<String, Set<String>> series, String name, Set<String> labels) {
    series.put(name + "_bucket", labels);
    series.put(name + "_count", labels);
    series.put(name + "_sum", labels);
  }

  @Test
  void isADashboardGrafanaImports() {
    for (String key : List.of("title", "uid", "schemaVersion", "panels", "templating")) {
      assertTrue(dashboard.containsKey(key), "top-level key " + key);
    }
    assertFalse(string(dashboard, "title").isBlank(), "a title");
    assertEquals("lagless-golden-signals", dashboard.get("uid"));
    assertTrue(dashboard.get("schemaVersion") instanceof Long && (Long) dashboard.get("schemaVersion") >= 39,
        "schemaVersion 39 (Grafana 10.4/11) or newer: " + dashboard.get("schemaVersion"));
    assertFalse(dashboard.containsKey("__inputs"), "no import-time inputs: the data source is a variable");
    // Exported for sharing externally, a dashboard would carry "${DS_...}" inputs; this one must not.
    assertFalse(dashboard.toString().contains("${DS_"), "no ${DS_...} input references");
  }

  @Test
  void variablesChooseThePrometheusAndTheJob() {
    Map<String, Map<String, Object>> variables = variables();
    Map<String, Object> datasource = variables.get("datasource");
    assertNotNull(datasource, "a datasource variable: " + variables.keySet());
    assertEquals("datasource", datasource.get("type"));
    assertEquals("prometheus", datasource.get("query"));
    Map<String, Object> job = variables.get("job");
    assertNotNull(job, "a job variable: " + variables.keySet());
    assertEquals("query", job.get("type"));
    assertDatasourceIsTheVariable(job.get("datasource"), "variable job");
    assertEquals("label_values(lagless_routed_total, job)", variableQuery(job));
    for (Map.Entry<String, Map<String, Object>> variable : variables.entrySet()) {
      if (!"query".equals(variable.getValue().get("type"))) {
        continue;
      }
      String where = "variable " + variable.getKey() + ": " + variableQuery(variable.getValue());
      Matcher values = LABEL_VALUES.matcher(variableQuery(variable.getValue()));
      assertTrue(values.matches(), "label_values(series, label): " + where);
      Set<String> labels = new HashSet<>(SCRAPE_LABELS);
      for (String metric : GrafanaDashboard.metricNames(values.group(1))) {
        assertTrue(EXPORTED_SERIES.containsKey(metric), "exported series " + metric + ": " + where);
        labels.addAll(EXPORTED_SERIES.get(metric));
      }
      assertTrue(labels.contains(values.group(2)), "label " + values.group(2) + " is on the series: " + where);
    }
  }

  private static String variableQuery(Map<String, Object> variable) {
    Object query = variable.get("query");
    return query instanceof Map ? string(object(query), "query") : String.valueOf(query);
  }

  @Test
  void panelsHaveUniqueIdsAndTileTheGrid() {
    Set<Long> ids = new HashSet<>();
    List<long[]> boxes = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<Map<String, Object>> panels = GrafanaDashboard.panels(dashboard);
    assertFalse(panels.isEmpty(), "panels");
    for (Map<String, Object> panel : panels) {
      String title = string(panel, "title");
      assertFalse(title.isBlank(), "every panel has a title: " + panel.get("id"));
      assertTrue(panel.get("id") instanceof Long, "an integer id: " + title);
      assertTrue(ids.add((Long) panel.get("id")), "unique panel id " + panel.get("id") + ": " + title);
      String type = string(panel, "type");
      assertTrue("row".equals(type) || PANEL_TYPES.contains(type), "panel type " + type + ": " + title);
      Map<String, Object> grid = object(panel.get("gridPos"));
      long[] box = new long[4];
      String[] keys = {"x", "y", "w", "h"};
      for (int i = 0; i < 4; i++) {
        assertTrue(grid.get(keys[i]) instanceof Long, "gridPos." + keys[i] + " an integer: " + title);
        box[i] = (Long) grid.get(keys[i]);
      }
      assertTrue(box[0] >= 0 && box[1] >= 0 && box[2] > 0 && box[3] > 0, "gridPos " + grid + ": " + title);
      assertTrue(box[0] + box[2] <= 24, "x + w <= 24 (the grid's width): " + title);
      for (int i = 0; i < boxes.size(); i++) {
        long[] other = boxes.get(i);
        boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
        assertFalse(overlap, "\"" + title + "\" overlaps \"" + titles.get(i) + "\"");
      }
      boxes.add(box);
      titles.add(title);
    }
  }

  @Test
  void everyPanelQueriesTheDashboardsPrometheus() {
    for (Map<String, Object> panel : GrafanaDashboard.panels(dashboard)) {
      String title = string(panel, "title");
      if ("row".equals(panel.get("type"))) {
        assertTrue(GrafanaDashboard.objects(panel.get("targets")).isEmpty(), "a row has no queries: " + title);
        continue;
      }
      assertDatasourceIsTheVariable(panel.get("datasource"), title);
      List<Map<String, Object>> targets = GrafanaDashboard.objects(panel.get("targets"));
      assertFalse(targets.isEmpty(), "queries: " + title);
      Set<String> refIds = new HashSet<>();
      for (Map<String, Object> target : targets) {
        String refId = string(target, "refId");
        assertFalse(refId.isBlank(), "a refId: " + title);
        assertTrue(refIds.add(refId), "refId " + refId + " once in " + title);
        String expr = string(target, "expr");
        assertFalse(expr.isBlank(), "an expr: " + title + " " + refId);
        assertBalanced(expr, title + " " + refId);
        if (target.containsKey("datasource")) {
          assertDatasourceIsTheVariable(target.get("datasource"), title + " " + refId);
        }
      }
    }
  }

  @Test
  void queriesUseOnlyExportedSeriesAndLabels() {
    Map<String, Map<String, Object>> variables = variables();
    Set<String> families = new TreeSet<>();
    for (Map<String, Object> panel : GrafanaDashboard.panels(dashboard)) {
      for (Map<String, Object> target : GrafanaDashboard.objects(panel.get("targets"))) {
        String expr = string(target, "expr");
        String where = "\"" + string(panel, "title") + "\" " + target.get("refId") + ": " + expr;
        Set<String> metrics = GrafanaDashboard.metricNames(expr);
        assertFalse(metrics.isEmpty(), "selects a metric: " + where);
        Set<String> labels = new HashSet<>(SCRAPE_LABELS);
        for (String metric : metrics) {
          assertTrue(EXPORTED_SERIES.containsKey(metric), "exported series " + metric + " (one of "
              + EXPORTED_SERIES.keySet() + "): " + where);
          labels.addAll(EXPORTED_SERIES.get(metric));
          if (metric.endsWith("_bucket")) {
            labels.add("le");
          }
          families.add(metric.replaceFirst("_(bucket|count|sum)$", ""));
        }
        for (String label : GrafanaDashboard.labelNames(expr)) {
          assertTrue(labels.contains(label), "label " + label + " is on " + metrics + ": " + where);
        }
        if (expr.contains("histogram_quantile")) {
          assertTrue(GrafanaDashboard.groupingLabels(expr).contains("le")
              && metrics.stream().allMatch(m -> m.endsWith("_bucket")) && expr.contains("rate("),
              "histogram_quantile over rate(..._bucket) summed by le: " + where);
        }
        Object legend = target.get("legendFormat");
        if (legend instanceof String) {
          Matcher m = LEGEND_LABEL.matcher((String) legend);
          while (m.find()) {
            assertTrue(GrafanaDashboard.groupingLabels(expr).contains(m.group(1)),
                "legend {{" + m.group(1) + "}} is a label the query keeps: " + where);
          }
        }
        for (String variable : GrafanaDashboard.variables(expr)) {
          Map<String, Object> v = variables.get(variable);
          assertNotNull(v, "variable $" + variable + " is defined: " + where);
          if (Boolean.TRUE.equals(v.get("multi")) || Boolean.TRUE.equals(v.get("includeAll"))) {
            assertTrue(Pattern.compile("[=!]~\\s*\"\\$\\{?" + variable + "\\b").matcher(expr).find()
                    && !Pattern.compile("[^=!~]=\\s*\"\\$\\{?" + variable + "\\b").matcher(expr).find(),
                "multi-value $" + variable + " only in regex matchers (=~): " + where);
          }
        }
      }
    }
    Set<String> exportedFamilies = new TreeSet<>();
    for (String series : EXPORTED_SERIES.keySet()) {
      exportedFamilies.add(series.replaceFirst("_(bucket|count|sum)$", ""));
    }
    assertEquals(exportedFamilies, families, "every exported metric is on the dashboard");
  }

  @Test
  void showsEveryGoldenSignal() {
    Map<String, List<String>> shownIn = new LinkedHashMap<>();
    String row = "";
    for (Map<String, Object> panel : GrafanaDashboard.panels(dashboard)) {
      String title = string(panel, "title");
      if ("row".equals(panel.get("type"))) {
        row = title;
        continue;
      }
      for (String section : SECTIONS) {
        if ((row + " / " + title).toLowerCase(Locale.ROOT).contains(section)) {
          shownIn.computeIfAbsent(section, s -> new ArrayList<>()).add(title);
        }
      }
    }
    for (String section : SECTIONS) {
      assertTrue(shownIn.containsKey(section), "a row or panel for " + section + ": " + shownIn);
    }
    // What each section is for, not just its title.
    assertShown("traffic", "lagless_routed_total", "lagless_route");
    assertShown("latency", "db_client_operation_duration_seconds_bucket", "histogram_quantile");
    assertShown("error", "db_client_operation_duration_seconds_count", "error_type");
    assertShown("saturation", "lagless_replica_lag_seconds", "");
    assertShown("saturation", "lagless_replica_lag_bytes", "");
    assertShown("saturation", "db_client_connection_count", "db_client_connection_state");
    assertShown("saturation", "db_client_connection_pending_requests", "");
    assertShown("saturation", "db_client_connection_wait_time_seconds_bucket", "histogram_quantile(0.99");
    assertShown("read-your-own-writes", "lagless_ryow_wait_seconds_bucket", "histogram_quantile");
    assertShown("read-your-own-writes", "lagless_routed_total", "ryow_fallback");
  }

  @Test
  void expressionsAreReadyForPrometheus() {
    List<String> raw = GrafanaDashboard.rawExpressions(dashboard);
    List<String> ready = GrafanaDashboard.expressions(GrafanaDashboard.FROM_AGENT_MODULE);
    assertEquals(raw.size(), ready.size());
    assertFalse(ready.isEmpty());
    for (String expr : ready) {
      assertFalse(expr.contains("$") || expr.contains("[["), "variables substituted: " + expr);
    }
    assertTrue(ready.stream().anyMatch(e -> e.contains("job=~\".*\"")), "$job became .*: " + ready);
    assertEquals("rate(x{job=~\".*\", instance=~\".*\"}[1m])",
        GrafanaDashboard.substituteVariables("rate(x{job=~\"$job\", instance=~\"${instance:regex}\"}[$__rate_interval])"));
    assertEquals("a{b=~\".*\"}", GrafanaDashboard.substituteVariables("a{b=~\"[[b]]\"}"));
    assertEquals(Set.of("a_total", "b"), GrafanaDashboard.metricNames(
        "sum by (x) (rate(a_total{y=\"q(\", z=~\"$job\"}[5m])) / on (x) group_left b or vector(0) offset 1m"));
    assertEquals(Set.of("y", "z", "x"), GrafanaDashboard.labelNames("sum by (x) (a{y=\"1\", z!~\"}\"})"));
    assertThrows(IllegalArgumentException.class, () -> dev.lagless.discovery.JsonReader.read("{\"a\": 1,}"));
    assertThrows(IllegalArgumentException.class, () -> dev.lagless.discovery.JsonReader.read("{\"a\": 1, \"a\": 2}"));
    assertEquals(Arrays.asList(1L, 2.5, "é\n", true, null), dev.lagless.discovery.JsonReader.read(" [1, 2.5, \"\\u00e9\\n\", true, null] "));
  }

  /**
   * {@link #EXPORTED_SERIES} is what the real exporter of this build makes of instruments shaped
   * like the agent's (names, units, kinds and attribute keys of Telemetry and PoolMetrics), scraped
   * over HTTP as Prometheus does, in both text formats it may ask for.
   */
  @Test
  void exportedSeriesAreWhatThePrometheusExporterMakesOfTheAgentsInstruments() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    PrometheusHttpServer server = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(server).build()) {
      recordLikeTheAgent(provider.get("dev.lagless"));
      HttpClient http = HttpClient.newHttpClient();
      for (String accept : List.of("text/plain; version=0.0.4; charset=utf-8",
          "application/openmetrics-text; version=1.0.0; charset=utf-8")) {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        assertEquals(EXPORTED_SERIES, series(scrape.body()), "scraped as " + accept + ":\n" + scrape.body());
      }
    }
  }

  private static void recordLikeTheAgent(Meter meter) {
    AttributeKey<String> route = AttributeKey.stringKey("lagless.route");
    AttributeKey<String> reason = AttributeKey.stringKey("lagless.reason");
    AttributeKey<String> address = AttributeKey.stringKey("server.address");
    AttributeKey<Long> port = AttributeKey.longKey("server.port");
    AttributeKey<String> pool = AttributeKey.stringKey("db.client.connection.pool.name");
    Attributes node = Attributes.of(address, "replica-1", port, 5433L);
    Attributes ok = Attributes.builder().put("db.system.name", "postgresql").put("db.namespace", "app")
        .put(route, "replica").putAll(node).build();
    var duration = meter.histogramBuilder("db.client.operation.duration").setUnit("s").build();
    duration.record(0.002, ok);
    duration.record(0.003, ok.toBuilder().put("error.type", "23514").build());
    meter.counterBuilder("lagless.routed").setUnit("{statement}").build()
        .add(1, Attributes.of(route, "primary", reason, "ryow_fallback"));
    meter.histogramBuilder("lagless.ryow.wait").setUnit("s").build()
        .record(0.05, Attributes.of(route, "primary", reason, "ryow_fallback"));
    meter.gaugeBuilder("lagless.replica.lag").setUnit("s").buildWithCallback(m -> m.record(0.2, node));
    meter.gaugeBuilder("lagless.replica.lag.bytes").ofLongs().setUnit("By").buildWithCallback(m -> m.record(4096, node));
    meter.upDownCounterBuilder("db.client.connection.count").setUnit("{connection}").buildWithCallback(m -> {
      m.record(3, Attributes.of(pool, "replica-1", AttributeKey.stringKey("db.client.connection.state"), "idle"));
      m.record(1, Attributes.of(pool, "replica-1", AttributeKey.stringKey("db.client.connection.state"), "used"));
    });
    meter.upDownCounterBuilder("db.client.connection.max").setUnit("{connection}")
        .buildWithCallback(m -> m.record(10, Attributes.of(pool, "replica-1")));
    meter.upDownCounterBuilder("db.client.connection.pending_requests").setUnit("{request}")
        .buildWithCallback(m -> m.record(0, Attributes.of(pool, "replica-1")));
    meter.histogramBuilder("db.client.connection.wait_time").setUnit("s").build()
        .record(0.0002, Attributes.of(pool, "replica-1"));
  }

  /** Series name -> label names, from an exposition (scope labels, le, target_info and _created left out). */
  private static Map<String, Set<String>> series(String exposition) {
    Pattern sample = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(?:\\{(.*)\\})?\\s+\\S+.*$");
    Pattern label = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");
    Map<String, Set<String>> out = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = sample.matcher(line);
      if (!m.matches()) {
        fail("not a sample line: " + line);
      }
      String name = m.group(1);
      if (name.equals("target_info") || name.endsWith("_created")) {
        continue;
      }
      Set<String> labels = out.computeIfAbsent(name, n -> new TreeSet<>());
      Matcher l = label.matcher(m.group(2) == null ? "" : m.group(2));
      while (l.find()) {
        if (!l.group(1).startsWith("otel_scope_") && !l.group(1).equals("le")) {
          labels.add(l.group(1));
        }
      }
    }
    Map<String, Set<String>> sorted = new TreeMap<>();
    out.forEach((k, v) -> sorted.put(k, Set.copyOf(v)));
    return sorted;
  }

  private void assertShown(String section, String metric, String alsoContaining) {
    String row = "";
    for (Map<String, Object> panel : GrafanaDashboard.panels(dashboard)) {
      String title = string(panel, "title");
      if ("row".equals(panel.get("type"))) {
        row = title;
        continue;
      }
      if (!(row + " / " + title).toLowerCase(Locale.ROOT).contains(section)) {
        continue;
      }
      for (Map<String, Object> target : GrafanaDashboard.objects(panel.get("targets"))) {
        String expr = string(target, "expr");
        if (GrafanaDashboard.metricNames(expr).contains(metric) && expr.contains(alsoContaining)) {
          return;
        }
      }
    }
    fail(section + " shows " + metric + (alsoContaining.isEmpty() ? "" : " with " + alsoContaining));
  }

  private Map<String, Map<String, Object>> variables() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> variable : GrafanaDashboard.objects(object(dashboard.get("templating")).get("list"))) {
      assertTrue(out.put(string(variable, "name"), variable) == null, "variable defined once: " + variable.get("name"));
    }
    return out;
  }

  private static void assertDatasourceIsTheVariable(Object datasource, String where) {
    // Either the reference object of schema 36+ or the legacy string form.
    if (datasource instanceof String) {
      assertEquals("${datasource}", datasource, "data source of " + where);
      return;
    }
    Map<String, Object> ref = object(datasource);
    assertEquals("prometheus", ref.get("type"), "data source type of " + where);
    assertEquals("${datasource}", ref.get("uid"), "data source of " + where);
  }

  /** Parentheses, braces and brackets balanced and properly nested, outside string literals. */
  private static void assertBalanced(String expr, String where) {
    String code = GrafanaDashboard.blankStrings(expr);
    assertEquals(0, (code.length() - code.replace("\"", "").length()) % 2, "a string left open: " + where);
    StringBuilder open = new StringBuilder();
    for (char c : code.toCharArray()) {
      int o = "([{".indexOf(c);
      int close = ")]}".indexOf(c);
      if (o >= 0) {
        open.append(c);
      } else if (close >= 0) {
        assertTrue(open.length() > 0 && open.charAt(open.length() - 1) == "([{".charAt(close),
            "'" + c + "' closes what it should: " + where);
        open.setLength(open.length() - 1);
      }
    }
    assertEquals("", open.toString(), "everything opened is closed: " + where);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    assertTrue(value instanceof Map, "a JSON object: " + value);
    return (Map<String, Object>) value;
  }

  private static String string(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value instanceof String ? (String) value : "";
  }
}
