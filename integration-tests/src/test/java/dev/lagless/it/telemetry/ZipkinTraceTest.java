package dev.lagless.it.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.ForkedJvm;
import dev.lagless.it.ProfileWebApps;
import dev.lagless.it.backends.ZipkinServer;
import dev.lagless.it.backends.ZipkinServer.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Beside the OpenTelemetry Java agent (either {@code -javaagent} order), in a real tracing backend: a
 * Spring Boot MVC application saves a profile (a transaction on the primary) and shows a dashboard (an
 * auto-commit read a replica may serve); that agent exports to the Zipkin server. Each request is one
 * trace: its SERVER span and one database span per statement, that agent's JDBC span carrying Lagless's
 * attributes (no second span of ours), whose {@code server.port} is the node that really ran it; none of
 * Lagless's own queries appears.
 */
class ZipkinTraceTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient(); // never follows redirects
  private static LocalCluster cluster;
  private static ZipkinServer zipkin;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp("CREATE TABLE profiles (user_id text PRIMARY KEY, name text NOT NULL)");
    zipkin = ZipkinServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (zipkin != null) {
      zipkin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "OpenTelemetry agent first: {0}")
  @ValueSource(booleans = {true, false})
  void aRequestIsOneTraceWithOneDatabaseSpanPerStatementCarryingTheRoute(boolean otelFirst) throws Exception {
    String service = otelFirst ? "profile-otel-first" : "profile-lagless-first";
    ForkedJvm jvm = ForkedJvm.on(ForkedJvm.jdks().get(0));
    jvm = otelFirst ? jvm.withOtelAgent().withAgent() : jvm.withAgent().withOtelAgent();
    jvm.env("OTEL_SERVICE_NAME", service).env("OTEL_TRACES_EXPORTER", "zipkin")
        .env("OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint()).env("OTEL_BSP_SCHEDULE_DELAY", "100");
    ForkedJvm.Running app = ProfileWebApps.start(ProfileWebApps.withReplicas(jvm, cluster), cluster);
    try {
      int port = ProfileWebApps.port(app);
      String user = "u-" + service;
      HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/profile"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&name=Ada")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(302, saved.statusCode(), saved::body);
      cluster.awaitReplicasCaughtUp(Duration.ofSeconds(10)); // the dashboard's read may then go to a replica
      String page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dashboard?user=" + user))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      int readPort = Integer.parseInt(page.substring(page.indexOf("port=") + 5).trim());

      List<List<Span>> traces = zipkin.awaitTraces(service,
          t -> request(t, "POST").isPresent() && request(t, "GET").isPresent()
              && databaseSpans(request(t, "GET").get()).size() >= 1 && databaseSpans(request(t, "POST").get()).size() >= 1,
          WAIT);
      List<Span> post = request(traces, "POST").orElseThrow(() -> new AssertionError("no POST trace: " + traces));
      List<Span> get = request(traces, "GET").orElseThrow(() -> new AssertionError("no GET trace: " + traces));

      for (List<Span> trace : List.of(post, get)) {
        Span server = trace.stream().filter(s -> "SERVER".equals(s.kind())).findFirst().orElseThrow();
        for (Span db : databaseSpans(trace)) {
          assertNotNull(db.tag("lagless.route"), "the agent's JDBC span carries Lagless's attributes: " + db);
          assertNotNull(db.tag("lagless.reason"), db.toString());
          assertEquals(server.traceId(), db.traceId());
          assertTrue(db.parentId() != null, "a child in the request's trace: " + db);
        }
        long ours = trace.stream().filter(s -> s.tag("lagless.route") != null).count();
        assertEquals(databaseSpans(trace).size(), ours, "one database span per statement, no second one: " + trace);
      }
      Span write = databaseSpans(post).stream().filter(s -> "write".equals(s.tag("lagless.reason"))).findFirst()
          .orElseThrow(() -> new AssertionError("no write span: " + post));
      assertEquals("primary", write.tag("lagless.route"));
      assertEquals(cluster.primary().port(), port(write), write.toString());

      Span read = databaseSpans(get).get(0);
      assertEquals(readPort, port(read), "server.port is the node that ran the read (" + page + "): " + read);
      assertEquals(ProfileWebApps.onReplica(cluster, page) ? "replica" : "primary", read.tag("lagless.route"), read.toString());

      for (List<Span> trace : traces) {
        for (Span span : trace) {
          String text = String.valueOf(span.tag("db.statement")) + span.tag("db.query.text");
          assertFalse(text.contains("pg_is_in_recovery") || text.contains("pg_current_wal_insert_lsn")
              || text.contains("pg_last_wal_replay_lsn"), "Lagless's own queries are not traced: " + span);
        }
      }
    } finally {
      app.kill();
    }
  }

  private static Optional<List<Span>> request(List<List<Span>> traces, String method) {
    return traces.stream().filter(t -> t.stream().anyMatch(s -> "SERVER".equals(s.kind())
        && s.name().toUpperCase().startsWith(method))).findFirst();
  }

  /**
   * The statements' spans: database CLIENT spans with a statement text. The application's HikariCP
   * checks a connection with an empty query before lending it (that agent traces it with an empty
   * {@code db.statement}); that is the pool's, not a statement Lagless decides on.
   */
  private static List<Span> databaseSpans(List<Span> trace) {
    return trace.stream().filter(s -> "CLIENT".equals(s.kind())
        && (s.tag("db.system") != null || s.tag("db.system.name") != null)
        && !(String.valueOf(s.tag("db.statement")) + String.valueOf(s.tag("db.query.text"))).equals("nullnull")
        && !"".equals(s.tag("db.statement")) && !"".equals(s.tag("db.query.text"))).toList();
  }

  private static int port(Span span) {
    String tag = span.tag("server.port");
    return tag != null ? Integer.parseInt(tag)
        : span.remoteEndpoint() == null || span.remoteEndpoint().port() == null ? -1 : span.remoteEndpoint().port();
  }
}
