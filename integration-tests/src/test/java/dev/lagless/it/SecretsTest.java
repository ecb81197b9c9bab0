package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import dev.lagless.it.apps.telemetry.WriteReadApp;
import dev.lagless.it.backends.OtlpReceiver;
import dev.lagless.it.backends.ReceivedSpan;
import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reliability issue's secrets scenario: the application's password, given everywhere a user may
 * put it (the application's JDBC URL and its connection properties, a replica's JDBC URL in
 * {@code LAGLESS_REPLICAS}, {@code LAGLESS_REDIS_URL}, {@code PGPASSWORD} and the URL given to
 * {@code doctor}), never appears in the agent's log lines, in the spans, metrics and logs it exports,
 * nor in doctor's output. Redis requires the password (set with {@code CONFIG SET requirepass}), so
 * the URL's password is really used, as it is in production.
 */
class SecretsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static LocalCluster cluster;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(true).start();
    cluster.setUpAsApp("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
    receiver = OtlpReceiver.start();
    requirePassword(cluster.redis().port(), cluster.appPassword());
    assertFalse(cluster.redis().ping(), "Redis now refuses a client without the password");
  }

  /** CONFIG SET requirepass, as an inline command over a plain socket. */
  private static void requirePassword(int port, String password) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("CONFIG SET requirepass " + password + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] reply = new byte[5];
      int read = socket.getInputStream().readNBytes(reply, 0, reply.length);
      assertEquals("+OK\r\n", new String(reply, 0, read, StandardCharsets.US_ASCII));
    }
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

  @Test
  void thePasswordAppearsInNoLogLineSpanMetricExportedLogOrDoctorOutput() throws Exception {
    String password = cluster.appPassword();
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
    String db = cluster.database();
    String primaryUrl = cluster.primary().jdbcUrl(db) + "?password=" + encoded;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("LAGLESS_REPLICAS", "jdbc:postgresql://127.0.0.1:" + cluster.replica(0).port() + "/" + db + "?user="
        + cluster.appUser() + "&password=" + encoded + ",127.0.0.1:" + cluster.replica(1).port());
    settings.put("LAGLESS_REDIS_URL", "redis://:" + encoded + "@127.0.0.1:" + cluster.redis().port());
    settings.put("LAGLESS_MAX_LAG", "1h");

    ForkedJvm app = ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent()
        .env("OTEL_SERVICE_NAME", "secrets")
        .env("OTEL_TRACES_EXPORTER", "otlp").env("OTEL_METRICS_EXPORTER", "otlp").env("OTEL_LOGS_EXPORTER", "otlp")
        .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    settings.forEach(app::env);
    ForkedJvm.Result run = app.main(WriteReadApp.class, primaryUrl, cluster.appUser(), password, "1").run();
    assertEquals(0, run.exitCode, run::toString);
    // The run did what it is for: statements ran and their spans and metrics were exported.
    List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.stream().filter(x -> "secrets".equals(x.service()))
        .count() >= 4, WAIT).stream().filter(x -> "secrets".equals(x.service())).toList();
    assertTrue(spans.size() >= 4, spans::toString);
    receiver.awaitMetric("db.client.operation.duration", m -> "secrets".equals(m.service()), WAIT);
    assertFalse(run.laglessLines().isEmpty(), run::toString);

    ForkedJvm doctor = ForkedJvm.on(ForkedJvm.jdks().get(0)).env("PGPASSWORD", password);
    settings.forEach(doctor::env);
    ForkedJvm.Result checked = doctor.jar(ForkedJvm.agentJar(), "doctor", "--url", primaryUrl,
        "--user", cluster.appUser()).run();
    // Doctor got in with the URL's password: the password was used, not just carried.
    assertTrue(checked.stdout.contains("answers (PONG)"), checked::toString);

    Map<String, String> places = new LinkedHashMap<>();
    places.put("the application's output and the agent's log lines", run.stdout + run.stderr);
    places.put("exported spans", receiver.spans().toString());
    places.put("exported metrics", receiver.metrics().toString());
    places.put("exported logs", receiver.logs().toString());
    places.put("doctor's output", checked.stdout + checked.stderr);
    for (Map.Entry<String, String> place : places.entrySet()) {
      for (String form : List.of(password, encoded)) {
        assertFalse(place.getValue().contains(form), "the password appears in " + place.getKey() + ":\n"
            + place.getValue());
      }
    }
  }
}
