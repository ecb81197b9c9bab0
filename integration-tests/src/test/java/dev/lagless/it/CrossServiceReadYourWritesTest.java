package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Across services (SPEC §3 baggage): service A writes and then calls service B over HTTP; both run
 * under Lagless and the OpenTelemetry Java agent (A with that agent first, B with Lagless first). After
 * A's write, Lagless makes its token current as baggage {@code lagless.lsn}; the OpenTelemetry agent's
 * HTTP client and server instrumentation carry it to B, whose read waits for it. No cookie, no session
 * key, no Redis: only baggage.
 */
class CrossServiceReadYourWritesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalCluster cluster;
  private static ForkedJvm.Running serviceA;
  private static ForkedJvm.Running serviceB;
  private static int portA;
  private static int portB;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(false).start();
    cluster.setUpAsApp("CREATE TABLE profiles (user_id text PRIMARY KEY, name text NOT NULL)");
    serviceA = startService(ForkedJvm.on(ForkedJvm.jdks().get(0)).withOtelAgent().withAgent()
        .env("SERVER_TOMCAT_THREADS_MAX", "1").env("SERVER_TOMCAT_THREADS_MIN_SPARE", "1"), "service-a");
    serviceB = startService(ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent().withOtelAgent(), "service-b");
    portA = port(serviceA);
    portB = port(serviceB);
  }

  @AfterAll
  static void stop() throws Exception {
    for (ForkedJvm.Running app : new ForkedJvm.Running[] {serviceA, serviceB}) {
      if (app != null) {
        app.kill();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void serviceBReadsWhatServiceAWroteBeforeCallingIt() throws Exception {
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    try {
      String answered = saveAndCall("7", "from A");
      assertEquals("name=from A port=" + cluster.primary().port(), answered,
          "B's read carried A's token: with both replicas paused it could only be served by the primary");
      assertTrue(serviceB.lines().stream().anyMatch(l -> l.startsWith("dashboard user=7 baggage=") && l.contains("lagless.lsn=")),
          "the token reached B as baggage lagless.lsn: " + serviceB.lines());
      String direct = get("http://127.0.0.1:" + portB + "/dashboard?user=7");
      assertTrue(direct.startsWith("name=null ") && onReplica(direct),
          "a request to B without A's token reads a replica, which has not replayed A's write: " + direct);
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
    String again = saveAndCall("8", "from A again");
    assertTrue(again.startsWith("name=from A again ") && onReplica(again),
        "with replay running, B's read runs on a replica that has A's write: " + again);
  }

  @Test
  void anAutoCommitWriteTravelsToo() throws Exception {
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    try {
      assertEquals("name=auto port=" + cluster.primary().port(), saveAndCall("9", "auto", "autocommit"),
          "B's read carried the token of A's auto-commit write (no transaction, no COMMIT span)");
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
  }

  /**
   * A serves every request on one Tomcat thread: if the baggage Lagless made current for a request that
   * wrote outlived that request, the next request on the thread would carry its token.
   */
  @Test
  void aRequestThatWritesNothingCarriesNoTokenOfAnEarlierRequest() throws Exception {
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    try {
      assertEquals("name=first port=" + cluster.primary().port(), saveAndCall("10", "first", "transaction"));
      String next = saveAndCall("10", "unused", "none");
      assertTrue(next.startsWith("name=null ") && onReplica(next),
          "the request that wrote nothing waited for no token: its read ran on a paused replica: " + next);
      List<String> seenByB = serviceB.lines().stream().filter(l -> l.startsWith("dashboard user=10 ")).toList();
      assertEquals(2, seenByB.size(), seenByB::toString);
      assertTrue(seenByB.get(0).contains("lagless.lsn="), seenByB::toString);
      assertFalse(seenByB.get(1).contains("lagless.lsn="), "no token leaked into the next request: " + seenByB);
    } finally {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
    }
  }

  private static String saveAndCall(String user, String name) throws Exception {
    return saveAndCall(user, name, "transaction");
  }

  private static String saveAndCall(String user, String name, String write) throws Exception {
    String downstream = "http://127.0.0.1:" + portB + "/dashboard?user=" + user;
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA
            + "/save-and-call")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&name=" + name.replace(' ', '+') + "&downstream="
            + java.net.URLEncoder.encode(downstream, java.nio.charset.StandardCharsets.UTF_8) + "&write=" + write)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? response.body() : "status " + response.statusCode() + ": " + response.body();
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static boolean onReplica(String page) {
    return ProfileWebApps.onReplica(cluster, page);
  }

  private static ForkedJvm.Running startService(ForkedJvm jvm, String name) {
    return ProfileWebApps.start(ProfileWebApps.withReplicas(jvm, cluster)
        .env("LAGLESS_RYOW_WAIT", "2s")
        .env("OTEL_SERVICE_NAME", name)
        .env("OTEL_TRACES_EXPORTER", "none")
        .env("OTEL_METRICS_EXPORTER", "none")
        .env("OTEL_LOGS_EXPORTER", "none"), cluster);
  }

  private static int port(ForkedJvm.Running app) throws Exception {
    return ProfileWebApps.port(app);
  }
}
