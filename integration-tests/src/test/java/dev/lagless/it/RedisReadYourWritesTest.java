package dev.lagless.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.cluster.LocalCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-own-writes across instances through Redis (SPEC §3), with both replicas paused so that any
 * read that misses its session's token is visibly stale. Two instances of a web application, each
 * under the agent with {@code LAGLESS_REDIS_URL}; requests name their user in W3C baggage
 * ({@code user.id}, the default session key), read by the agent itself (no OpenTelemetry agent).
 */
class RedisReadYourWritesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A request that takes this long is held by something, not slow. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static LocalCluster cluster;
  private static ForkedJvm.Running first;
  private static ForkedJvm.Running second;
  private static int firstPort;
  private static int secondPort;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.builder().replicas(2).redis(true).start();
    cluster.setUpAsApp("CREATE TABLE profiles (user_id text PRIMARY KEY, name text NOT NULL)");
    cluster.replica(0).pauseReplay();
    cluster.replica(1).pauseReplay();
    first = startApp();
    firstPort = port(first);
    second = startApp();
    secondPort = port(second);
  }

  @AfterAll
  static void stop() throws Exception {
    for (ForkedJvm.Running app : new ForkedJvm.Running[] {first, second}) {
      if (app != null) {
        app.kill();
      }
    }
    if (cluster != null) {
      cluster.replica(0).resumeReplay();
      cluster.replica(1).resumeReplay();
      cluster.close();
    }
  }

  @Test
  void aUsersWriteInOneInstanceIsReadInAnotherInANewRequest() throws Exception {
    assertEquals(302, save(firstPort, "42", "written in the first instance"));
    assertEquals("name=written in the first instance port=" + cluster.primary().port(), show(secondPort, "42", "42"),
        "the second instance knows user 42's token from Redis: it reads the primary, replicas being paused");
    String stranger = show(secondPort, "42", "43");
    assertTrue(onReplica(stranger) && stranger.startsWith("name=null "),
        "another user reads user 42's profile from a replica, which has not replayed the save (so Redis answered: "
            + "the read did not go to the primary for want of an answer): " + stranger);
  }

  @Test
  void redisStoppedInTheMiddleOfALoadCausesNoErrorAndNoStaleRead() throws Exception {
    List<String> problems = new ArrayList<>();
    int round = 0;
    round = saveAndReadBack(round, 30, problems);
    cluster.redis().stop();
    round = saveAndReadBack(round, 30, problems);
    String duringOutage = show(secondPort, "nobody-" + round, "nobody");
    assertTrue(duringOutage.endsWith("port=" + cluster.primary().port()),
        "while Redis is down, a session's token cannot be known: its reads go to the primary: " + duringOutage);
    cluster.redis().start(); // empty: it kept nothing
    round = saveAndReadBack(round, 30, problems);
    assertEquals(List.of(), problems, "no error, no stale read");

    // Behaviour returns: once a token TTL has passed since Redis came back, sessions read replicas again.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String after = "";
    while (System.nanoTime() < deadline && !onReplica(after)) {
      after = show(secondPort, "nobody-" + round++, "nobody");
    }
    assertTrue(onReplica(after), "reads of sessions go to replicas again after Redis returned: " + after);
    saveAndReadBack(round, 10, problems);
    assertEquals(List.of(), problems, "and read-your-own-writes holds through Redis again");
  }

  @Test
  void redisHungInTheMiddleOfALoadCausesNoErrorNoStaleReadAndNoStall() throws Exception {
    List<String> problems = new ArrayList<>();
    int round = saveAndReadBack(1_000, 20, problems);
    // Redis stops answering but keeps its connections open (SIGSTOP): nothing fails fast, every
    // command would wait. Each request below has 10 s to answer (HTTP), far beyond Lagless's own limits
    // (5 ms per lookup, 20 ms per store, then its breaker opens), so a request held by Redis fails the test.
    Signals.send(cluster.redis().pid(), "STOP");
    try {
      round = saveAndReadBack(round, 30, problems);
      String duringHang = show(secondPort, "nobody-" + round, "nobody");
      assertTrue(duringHang.endsWith("port=" + cluster.primary().port()),
          "while Redis hangs, a session's token cannot be known: its reads go to the primary: " + duringHang);
    } finally {
      Signals.send(cluster.redis().pid(), "CONT");
    }
    round = saveAndReadBack(round, 30, problems);
    assertEquals(List.of(), problems, "no error, no stale read, no request held");

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String after = "";
    while (System.nanoTime() < deadline && !onReplica(after)) {
      after = show(secondPort, "nobody-" + round++, "nobody");
    }
    assertTrue(onReplica(after), "reads of sessions go to replicas again after Redis answers again: " + after);
    saveAndReadBack(round, 10, problems);
    assertEquals(List.of(), problems, "and read-your-own-writes holds through Redis again");
  }

  /** Users u0, u1, … each save a new name in the first instance and read it in the second. */
  private static int saveAndReadBack(int from, int count, List<String> problems) throws Exception {
    for (int round = from; round < from + count; round++) {
      String user = "u" + (round % 7);
      String name = "v" + round;
      int status;
      try {
        status = save(firstPort, user, name);
      } catch (java.net.http.HttpTimeoutException e) {
        problems.add("round " + round + ": save held for " + REQUEST_TIMEOUT);
        continue;
      }
      if (status != 302) {
        problems.add("round " + round + ": save answered " + status);
        continue;
      }
      String shown;
      try {
        shown = show(secondPort, user, user);
      } catch (java.net.http.HttpTimeoutException e) {
        problems.add("round " + round + ": read held for " + REQUEST_TIMEOUT);
        continue;
      }
      if (!shown.startsWith("name=" + name + " ")) {
        problems.add("round " + round + ": saved " + name + ", read " + shown);
      }
    }
    return from + count;
  }

  private static int save(int port, String user, String name) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/profile"))
        .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded").header("baggage", "user.id=" + user)
        .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&name=" + name)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static String show(int port, String profile, String sessionUser) throws IOException, InterruptedException {
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/dashboard?user=" + profile)).timeout(REQUEST_TIMEOUT)
        .header("baggage", "user.id=" + sessionUser)
        .build(), HttpResponse.BodyHandlers.ofString());
    return page.statusCode() == 200 ? page.body() : "status " + page.statusCode() + ": " + page.body();
  }

  private static boolean onReplica(String page) {
    return ProfileWebApps.onReplica(cluster, page);
  }

  private static ForkedJvm.Running startApp() {
    return ProfileWebApps.start(ProfileWebApps.withReplicas(ForkedJvm.on(ForkedJvm.jdks().get(0)).withAgent(), cluster)
        .env("LAGLESS_RYOW_WAIT", "20ms")
        .env("LAGLESS_TOKEN_TTL", "3s")
        .env("LAGLESS_REDIS_URL", cluster.redis().uri()), cluster);
  }

  private static int port(ForkedJvm.Running app) throws Exception {
    return ProfileWebApps.port(app);
  }
}
