package dev.lagless.it.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.ForkedJvm;
import dev.lagless.it.apps.telemetry.OtelSdkApp;
import dev.lagless.it.apps.telemetry.WriteReadApp;
import dev.lagless.it.backends.OtlpReceiver;
import dev.lagless.it.backends.ReceivedMetric;
import dev.lagless.it.backends.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lagless alone (no OpenTelemetry Java agent): its own SDK, configured by the standard OTEL_* variables,
 * exports spans and metrics over OTLP/HTTP to a receiver in this test. A plain JDBC application writes,
 * reads back and runs a failing read; each span must say where the statement ran and why (SPEC §4),
 * matching where the application saw it run.
 */
class TelemetryAloneTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LocalCluster cluster;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (receiver != null) {
      receiver.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ForkedJvm app(String service) {
    return ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("LAGLESS_REPLICAS", "127.0.0.1:" + cluster.replica(0).port() + ",127.0.0.1:" + cluster.replica(1).port())
        // Paused replay is lag: the replicas must stay eligible, so that the reason is read-your-own-writes.
        .env("LAGLESS_MAX_LAG", "1h")
        .env("OTEL_SERVICE_NAME", service)
        .env("OTEL_TRACES_EXPORTER", "otlp").env("OTEL_METRICS_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
  }

  private static ForkedJvm.Result writeRead(ForkedJvm jvm, int id) {
    ForkedJvm.Result run = jvm.main(WriteReadApp.class, cluster.primary().jdbcUrl(cluster.database()),
        cluster.appUser(), cluster.appPassword(), String.valueOf(id)).run();
    assertEquals(0, run.exitCode, run::toString);
    return run;
  }

  private static int printedPort(ForkedJvm.Result run, String label) {
    String line = run.stdout.lines().filter(l -> l.startsWith(label + " port=")).findFirst().orElseThrow();
    return Integer.parseInt(line.substring(line.indexOf("port=") + 5).split(" ")[0]);
  }

  /** The spans one application (its OTEL_SERVICE_NAME) sent so far. */
  private static List<ReceivedSpan> spansOf(String service) {
    return receiver.spans().stream().filter(s -> service.equals(s.service())).toList();
  }

  /** Waits until the spans of {@code service} satisfy {@code until}; they come in batches. */
  private static List<ReceivedSpan> awaitSpans(String service, Predicate<List<ReceivedSpan>> until)
      throws InterruptedException {
    receiver.awaitSpans(all -> until.test(all.stream().filter(s -> service.equals(s.service())).toList()), WAIT);
    return spansOf(service);
  }

  /** The newest export of {@code metric} by {@code service} whose data points satisfy {@code until}. */
  private static ReceivedMetric awaitMetric(String service, String metric,
      Predicate<List<ReceivedMetric.DataPoint>> until) throws InterruptedException {
    return receiver.awaitMetric(metric, m -> service.equals(m.service()) && until.test(m.points()), WAIT);
  }

  private static ReceivedSpan span(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
  }

  @Test
  void eachStatementIsASpanThatSaysWhereItRanAndWhy() throws Exception {
    ForkedJvm.Result run = writeRead(app("alone"), 1);
    List<ReceivedSpan> spans = awaitSpans("alone", s -> s.size() >= 7);
    Set<Integer> replicas = Set.of(cluster.replica(0).port(), cluster.replica(1).port());

    // Four inserts, four spans: plain, prepared with generated keys, prepared batch, plain with generated
    // keys (pgjdbc's variants call one another: one span each all the same).
    List<ReceivedSpan> inserts = spans.stream().filter(s -> s.name().equals("INSERT notes")).toList();
    assertEquals(4, inserts.size(), inserts::toString);
    for (ReceivedSpan insert : inserts) {
      assertEquals("primary", insert.attribute("lagless.route"), insert::toString);
      assertEquals("write", insert.attribute("lagless.reason"), insert::toString);
      assertEquals((long) cluster.primary().port(), insert.attribute("server.port"), insert::toString);
    }
    assertTrue(run.stdout.contains("generated-keys id=1010") && run.stdout.contains("batch rows=2")
        && run.stdout.contains("statement-keys id=1013"), run::toString);

    ReceivedSpan write = span(spans, "INSERT notes");
    assertEquals("CLIENT", write.kind().replace("SPAN_KIND_", ""));
    assertEquals("primary", write.attribute("lagless.route"));
    assertEquals("write", write.attribute("lagless.reason"));
    assertEquals((long) cluster.primary().port(), write.attribute("server.port"));
    assertEquals((long) printedPort(run, "write"), write.attribute("server.port"));
    assertEquals("postgresql", write.attribute("db.system.name"));
    assertEquals(cluster.database(), write.attribute("db.namespace"));
    String text = (String) write.attribute("db.query.text");
    assertTrue(text.startsWith("INSERT INTO notes VALUES (?, ?)"), text);
    assertFalse(text.contains("secret-literal"), "sanitized by default: " + text);

    ReceivedSpan read = span(spans, "SELECT notes");
    int readPort = printedPort(run, "read");
    assertEquals((long) readPort, read.attribute("server.port"), "the span names the node that ran the read");
    assertEquals(replicas.contains(readPort) ? "replica" : "primary", read.attribute("lagless.route"));
    assertNotNull(read.attribute("lagless.ryow.token"), "the thread wrote first: its read had a token to respect");
    assertTrue(((String) read.attribute("lagless.ryow.token")).matches("\\d+:1:[0-9A-F]+/[0-9A-F]+"), read.toString());
    assertNotNull(read.attribute("lagless.ryow.wait_ms"), read.toString());

    ReceivedSpan failed = spans.stream().filter(s -> "22012".equals(s.attribute("db.response.status_code")))
        .findFirst().orElseThrow(() -> new AssertionError("no span of the failed read: " + spans));
    assertEquals("22012", failed.attribute("error.type"));
    assertEquals("ERROR", failed.statusCode());
    assertTrue(run.stdout.contains("error state=22012"), "the application saw the same error: " + run);

    // Metrics: latency by route (with the error), traffic by route and reason, lag per replica.
    ReceivedMetric durations = awaitMetric("alone", "db.client.operation.duration",
        p -> p.stream().anyMatch(d -> "22012".equals(d.attribute("error.type"))));
    assertEquals("s", durations.unit());
    assertTrue(durations.points().stream().anyMatch(d -> "primary".equals(d.attribute("lagless.route"))
        && d.count() >= 1), durations.toString());
    ReceivedMetric routed = awaitMetric("alone", "lagless.routed",
        p -> p.stream().anyMatch(d -> "write".equals(d.attribute("lagless.reason"))));
    assertTrue(routed.points().stream().anyMatch(d -> "primary".equals(d.attribute("lagless.route"))
        && "write".equals(d.attribute("lagless.reason")) && d.value() >= 1), routed.toString());
    ReceivedMetric lag = awaitMetric("alone", "lagless.replica.lag.bytes", p -> !p.isEmpty());
    assertEquals(replicas, lag.points().stream().map(p -> ((Long) p.attribute("server.port")).intValue())
        .collect(Collectors.toSet()), "one lag series per replica: " + lag);
    assertFalse(awaitMetric("alone", "lagless.ryow.wait", p -> !p.isEmpty()).points().isEmpty());
    if (spans.stream().anyMatch(s -> "replica".equals(s.attribute("lagless.route")))) {
      ReceivedMetric pool = awaitMetric("alone", "db.client.connection.count", p -> !p.isEmpty());
      assertTrue(pool.points().stream().allMatch(p -> String.valueOf(p.attribute("db.client.connection.pool.name"))
          .startsWith("lagless-replica-127.0.0.1:")), pool.toString());
    }
  }

  @Test
  void aReadThatFallsBackToThePrimaryForReadYourWritesSaysSo() throws Exception {
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    ForkedJvm.Result run;
    try {
      run = writeRead(app("fallback"), 2);
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
    assertTrue(run.stdout.contains("read port=" + cluster.primary().port() + " body=secret-literal-2"), run::toString);
    ReceivedSpan read = span(awaitSpans("fallback", s -> s.size() >= 4), "SELECT notes");
    assertEquals("primary", read.attribute("lagless.route"));
    assertEquals("ryow_fallback", read.attribute("lagless.reason"));
    assertEquals((long) cluster.primary().port(), read.attribute("server.port"));
    assertNotNull(read.attribute("lagless.ryow.token"));
    assertTrue((Double) read.attribute("lagless.ryow.wait_ms") >= 45, "waited LAGLESS_RYOW_WAIT (50 ms): " + read);
  }

  @Test
  void withTheSdkDisabledNothingIsExportedAndTheApplicationIsUnchanged() throws Exception {
    ForkedJvm.Result disabled = writeRead(app("disabled").env("OTEL_SDK_DISABLED", "true"), 3);
    assertTrue(disabled.stdout.contains("body=secret-literal-3") && disabled.stdout.contains("error state=22012"),
        disabled::toString);
    assertEquals(1, disabled.laglessLines().size(), "no telemetry line either: " + disabled.laglessLines());
    // A run that does export ends after the disabled one did: its spans arriving means the disabled
    // run (whose JVM had exited, flushing whatever it had) sent nothing.
    writeRead(app("after-disabled"), 4);
    awaitSpans("after-disabled", s -> s.size() >= 4);
    assertEquals(List.of(), spansOf("disabled"));
    assertEquals(List.of(), receiver.metrics().stream().filter(m -> "disabled".equals(m.service())).toList());
  }

  @Test
  void inAnApplicationWithItsOwnSdkLaglessSpansAreChildrenOfTheApplicationSpan() throws Exception {
    ForkedJvm.Result run = app("lagless-in-sdk-app").classpath(System.getProperty("lagless.it.otelClasspath"))
        .main(OtelSdkApp.class, cluster.primary().jdbcUrl(cluster.database()), cluster.appUser(),
            cluster.appPassword(), "5", receiver.endpoint()).run();
    assertEquals(0, run.exitCode, run::toString);
    String appLine = run.stdout.lines().filter(l -> l.startsWith("app trace=")).findFirst().orElseThrow();
    String traceId = appLine.substring("app trace=".length(), appLine.indexOf(' ', 10));
    String spanId = appLine.substring(appLine.indexOf("span=") + 5).trim();
    ReceivedSpan checkout = span(awaitSpans("otel-sdk-app", s -> !s.isEmpty()), "checkout");
    assertEquals(traceId, checkout.traceId());
    List<ReceivedSpan> ours = awaitSpans("lagless-in-sdk-app", s -> s.size() >= 8);
    assertTrue(ours.size() >= 8, ours.toString());
    for (ReceivedSpan span : ours) {
      assertEquals(traceId, span.traceId(), "Lagless's span joins the application's trace: " + span);
      assertEquals(spanId, span.parentSpanId(), "as a child of the application's current span: " + span);
    }
    // The application's baggage (its own API copy, no OpenTelemetry Java agent to bridge it) is seen.
    ReceivedSpan hinted = ours.stream().filter(s -> String.valueOf(s.attribute("db.query.text")).contains("count(*)"))
        .findFirst().orElseThrow(() -> new AssertionError("no span of the hinted read: " + ours));
    assertEquals("hint", hinted.attribute("lagless.reason"), hinted::toString);
    assertEquals("primary", hinted.attribute("lagless.route"), hinted::toString);
    assertTrue(run.stdout.contains("hinted port=" + cluster.primary().port()), run::toString);
  }
}
